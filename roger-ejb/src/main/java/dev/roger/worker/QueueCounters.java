package dev.roger.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Jobs of one queue processed and failed on this instance since the application started here. Kept
 * apart from the consumer, so a consumer that replaces a lost channel counts on from where it was.
 */
public final class QueueCounters {

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
