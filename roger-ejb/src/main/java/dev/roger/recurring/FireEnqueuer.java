package dev.roger.recurring;

/** How a recurring job's fire reaches its queue: checked and published exactly as an enqueue is. */
public interface FireEnqueuer {

    /**
     * Checks the job type, args and queue as an enqueue would, publishing nothing; returns the args as
     * JSON text.
     *
     * @throws dev.roger.api.RogerException naming what is wrong
     */
    String check(String application, String jobType, Object args);

    /**
     * Publishes the job under {@code jobId}, with {@code executionKey} in place of the type's own when
     * not null, and returns once the broker confirmed it.
     */
    void enqueue(String application, String jobType, String args, String jobId, String executionKey);
}
