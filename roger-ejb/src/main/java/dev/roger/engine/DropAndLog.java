package dev.roger.engine;

import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Drops a task its full pool cannot queue and says so in one short line at most every
 * {@link #LOG_EVERY_SECONDS} s, with how many were dropped since: a flood must not also flood the log.
 */
final class DropAndLog implements RejectedExecutionHandler {

    static final long LOG_EVERY_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(DropAndLog.class.getName());

    private final String what;
    private final LongSupplier nanoClock;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong nextLog;

    /** @param what what was dropped and why that is safe, e.g. "a bus message (…)" */
    DropAndLog(String what, LongSupplier nanoClock) {
        this.what = what;
        this.nanoClock = nanoClock;
        this.nextLog = new AtomicLong(nanoClock.getAsLong());
    }

    @Override
    public void rejectedExecution(Runnable task, ThreadPoolExecutor pool) {
        dropped.incrementAndGet();
        unlogged.incrementAndGet();
        long now = nanoClock.getAsLong();
        long due = nextLog.get();
        if (now - due >= 0 && nextLog.compareAndSet(due, now + TimeUnit.SECONDS.toNanos(LOG_EVERY_SECONDS))) {
            long count = unlogged.getAndSet(0);
            if (!pool.isShutdown()) {
                LOG.warning(() -> "dropped " + count + " " + what + ": all threads busy and the queue full");
            }
        }
    }

    long dropped() {
        return dropped.get();
    }
}
