package dev.roger.worker;

/**
 * How often a job was handed to a worker again without an outcome (its worker died, its instance
 * stopped): Roger's own bound on poison jobs, counted only for redeliveries, so a job that runs
 * normally costs nothing here, and a peek, which no worker sees, adds nothing.
 */
public interface DeliveryStore {

    /** Counts one more redelivery of the job; returns how many it has had. */
    int redelivered(String application, String jobId);

    /**
     * Roger itself gives the job back to its queue (its instance or application stops, the database was
     * away): the redelivery that follows is taken back in advance, so it does not count.
     */
    void returnedByRoger(String application, String jobId);

    /** The job reached an outcome: its count is no longer needed. */
    void forget(String application, String jobId);

    /** Counts of jobs that were purged or otherwise never came back. */
    int forgetOlderThan(long before);
}
