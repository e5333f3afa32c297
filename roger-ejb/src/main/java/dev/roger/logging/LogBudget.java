package dev.roger.logging;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most so many log lines per window: what arrives beyond is counted, not logged. A window starts
 * with its first line, so with one line a window a warning comes at most once per window.
 */
public final class LogBudget {

    private final int lines;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int used;

    public LogBudget(int lines, Duration window, LongSupplier nanoClock) {
        this.lines = lines;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** One line a window, on the system's clock. */
    public static LogBudget perWindow(Duration window) {
        return new LogBudget(1, window, System::nanoTime);
    }

    /** Whether a line may be logged now; counts it when it may. */
    public synchronized boolean tryLog() {
        long now = nanoClock.getAsLong();
        if (used == 0 || now - windowStart >= windowNanos) {
            windowStart = now;
            used = 0;
        }
        return used++ < lines;
    }
}
