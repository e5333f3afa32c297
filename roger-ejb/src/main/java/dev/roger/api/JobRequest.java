package dev.roger.api;

/**
 * One job of {@link RogerService#enqueueAll}.
 *
 * @param jobType the job type's name
 * @param args    a value of the job type's argument type, or JSON for it (a {@code JsonValue})
 * @param options per-enqueue choices; null for the defaults
 */
public record JobRequest(String jobType, Object args, EnqueueOptions options) {

    public JobRequest(String jobType, Object args) {
        this(jobType, args, EnqueueOptions.DEFAULTS);
    }
}
