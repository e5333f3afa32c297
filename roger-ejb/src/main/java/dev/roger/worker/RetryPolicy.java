package dev.roger.worker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

/**
 * Backoff by configured levels: the n-th retry waits the n-th configured delay, give or take
 * {@link #JITTER}, so a burst of failures does not come back as one burst; past the last level the job
 * is buried.
 */
public record RetryPolicy(List<Integer> delaysSeconds) {

    /** A retry waits its level's delay times a factor drawn between 1 - JITTER and 1 + JITTER. */
    public static final double JITTER = 0.1;

    public RetryPolicy {
        delaysSeconds = List.copyOf(delaysSeconds);
    }

    /**
     * @param retryCount how many retries the job has had
     * @return the delay before its next attempt, or empty when it must be buried
     */
    public OptionalInt nextDelay(int retryCount) {
        return retryCount >= 0 && retryCount < delaysSeconds.size()
                ? OptionalInt.of(delaysSeconds.get(retryCount))
                : OptionalInt.empty();
    }

    /** The wait before the next attempt, with jitter, or empty when the job must be buried. */
    public Optional<Duration> nextWait(int retryCount, DoubleSupplier random) {
        OptionalInt delay = nextDelay(retryCount);
        if (delay.isEmpty()) {
            return Optional.empty();
        }
        double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
        return Optional.of(Duration.ofMillis(Math.round(delay.getAsInt() * 1000 * factor)));
    }
}
