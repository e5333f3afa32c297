package dev.roger.api;

/**
 * The outcome of one job of {@link RogerService#enqueueAll}: its id when the broker confirmed it, or
 * the error that kept it out (the same exceptions a single enqueue throws).
 */
public record EnqueueResult(String jobId, RogerException error) {

    public EnqueueResult {
        if ((jobId == null) == (error == null)) {
            throw new IllegalArgumentException("an enqueue result has either a job id or an error");
        }
    }

    public static EnqueueResult enqueued(String jobId) {
        return new EnqueueResult(jobId, null);
    }

    public static EnqueueResult failed(RogerException error) {
        return new EnqueueResult(null, error);
    }

    public boolean isEnqueued() {
        return jobId != null;
    }
}
