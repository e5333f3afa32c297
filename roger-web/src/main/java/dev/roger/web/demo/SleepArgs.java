package dev.roger.web.demo;

/**
 * Arguments of the {@code sleep} demo job.
 *
 * @param queueKey optional: returned by the job's queue-key hook
 * @param executionKey optional: returned by the job's execution-key hook
 */
public record SleepArgs(long millis, String queueKey, String executionKey) {
    public SleepArgs {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be 0 or more, not " + millis);
        }
    }
}
