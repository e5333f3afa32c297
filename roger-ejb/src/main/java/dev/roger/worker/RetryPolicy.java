package dev.roger.worker;

import java.util.List;
import java.util.OptionalInt;

/** Exponential backoff: the n-th retry waits the n-th configured delay; past the last one the job is buried. */
public record RetryPolicy(List<Integer> delaysSeconds) {

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
}
