package dev.roger.api;

/**
 * Per-enqueue choices that override the job type's hooks.
 *
 * @param queue the application's queue to use instead of {@link Job#queue}; null keeps the hook's
 */
public record EnqueueOptions(String queue) {

    public static final EnqueueOptions DEFAULTS = new EnqueueOptions(null);

    public static EnqueueOptions onQueue(String queue) {
        return new EnqueueOptions(queue);
    }
}
