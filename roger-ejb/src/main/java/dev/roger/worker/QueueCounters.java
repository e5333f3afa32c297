package dev.roger.worker;

import dev.roger.job.JobState;
import dev.roger.lifecycle.JobListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Jobs of one queue processed and failed on this instance since the application started here. Kept
 * apart from the consumer, so a consumer that replaces a lost channel counts on from where it was.
 */
public final class QueueCounters {

    /**
     * The one listener that counts into every queue's counters; {@code counters} finds a queue's,
     * empty when its application does not run here.
     */
    public static JobListener listener(BiFunction<String, String, Optional<QueueCounters>> counters) {
        return change -> {
            JobState to = change.to();
            boolean failedRun = to == JobState.RETRYING || to == JobState.BURIED || to == JobState.FAILED;
            if (to != JobState.SUCCEEDED && !failedRun) {
                return;
            }
            counters.apply(change.application(), change.queue()).ifPresent(c -> {
                if (failedRun) {
                    c.countFailed();
                } else {
                    c.countProcessed();
                }
            });
        };
    }

    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    void countProcessed() {
        processed.incrementAndGet();
    }

    void countFailed() {
        failed.incrementAndGet();
    }

    public long processed() {
        return processed.get();
    }

    public long failed() {
        return failed.get();
    }
}
