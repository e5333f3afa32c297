package dev.roger.worker;

/**
 * The cluster's cancel and pause flags, as workers and consumers read them. Owned here, below the
 * cluster package that keeps them current ({@code ClusterCancelsAndPauses}), so that worker and application need
 * not depend on the cluster package that drives them.
 */
public interface CancelsAndPauses {

    boolean isCancelled(String application, String jobId);

    /** The cancel has reached the job; the flag can go. */
    void cancelHandled(String application, String jobId);

    boolean isPaused(String application, String queue);
}
