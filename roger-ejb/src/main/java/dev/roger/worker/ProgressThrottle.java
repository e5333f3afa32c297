package dev.roger.worker;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes a run's progress to its record at most once per interval, however often the job reports: the
 * first report at once, a report within the interval at the interval's end (the latest report then
 * wins), nothing once the run ended, since its final state supersedes its progress.
 */
final class ProgressThrottle {

    /** Where the progress goes (the job's record). */
    @FunctionalInterface
    interface Sink {
        void write(int percent, String message);
    }

    /** Runs a task after a delay; returns what cancels it. */
    @FunctionalInterface
    interface Delays {
        Runnable after(long millis, Runnable task);
    }

    private static final Logger LOG = Logger.getLogger(ProgressThrottle.class.getName());

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Sink sink;
    private final Delays delays;
    private boolean written;
    private long lastWrite;
    private int percent;
    private String message;
    private Runnable cancelPending;
    private boolean ended;

    ProgressThrottle(Duration interval, LongSupplier nanoClock, Sink sink, Delays delays) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
        this.delays = delays;
    }

    synchronized void report(int percent, String message) {
        if (ended) {
            return;
        }
        this.percent = percent;
        this.message = message;
        if (cancelPending != null) {
            return;
        }
        long now = nanoClock.getAsLong();
        long wait = written ? lastWrite + intervalNanos - now : 0;
        if (wait <= 0) {
            write(now);
        } else {
            try {
                cancelPending = delays.after(Duration.ofNanos(wait).toMillis() + 1, this::writePending);
            } catch (RuntimeException e) { // the timer refuses while the engine stops: the job goes on
                LOG.log(Level.FINE, "could not delay a job's progress for its record", e);
            }
        }
    }

    private synchronized void writePending() {
        cancelPending = null;
        if (!ended) {
            write(nanoClock.getAsLong());
        }
    }

    private void write(long now) {
        written = true;
        lastWrite = now;
        try {
            sink.write(percent, message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not record a job's progress", e);
        }
    }

    /** The run ended: a write still waiting is dropped. */
    synchronized void end() {
        ended = true;
        if (cancelPending != null) {
            cancelPending.run();
            cancelPending = null;
        }
    }
}
