package dev.roger.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/** At most so many log lines per window: what arrives beyond is counted, not logged. */
final class LogBudget {

    private final int lines;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int used;

    LogBudget(int lines, Duration window, LongSupplier nanoClock) {
        this.lines = lines;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    synchronized boolean tryLog() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            used = 0;
        }
        return used++ < lines;
    }
}
