package dev.roger.recurring;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires the due recurring jobs on this instance. It sleeps until the next fire time the database
 * knows, at most {@link #LONGEST_SLEEP} (a schedule made on another instance is seen by then), and is
 * woken at once when a schedule changes here. Every instance runs one; each fire locks its schedule's
 * row, so they never fire the same time twice, and one takes over within a second when another dies.
 */
final class RecurringFirer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecurringFirer.class.getName());

    /** Schedules per transaction. */
    static final int BATCH = 50;

    static final Duration LONGEST_SLEEP = Duration.ofSeconds(5);
    /** When a due schedule is held by another instance, or waits for the broker. */
    static final Duration WHILE_HELD = Duration.ofMillis(500);

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final RecurringStore store;
    private final RecurringStore.Firing rules;
    private final ScheduledExecutorService timer;

    private ScheduledFuture<?> planned;
    private boolean firingNow;
    private boolean wokenWhileFiring;
    private boolean closed;

    RecurringFirer(RecurringStore store, RecurringStore.Firing rules, ScheduledExecutorService timer) {
        this.store = store;
        this.rules = rules;
        this.timer = timer;
    }

    /** Looks at once: at start, and when a schedule changed on this instance. */
    synchronized void wake() {
        if (firingNow) {
            wokenWhileFiring = true;
            return;
        }
        plan(0);
    }

    private void plan(long delayMillis) {
        if (closed) {
            return;
        }
        if (planned != null) {
            planned.cancel(false);
        }
        planned = timer.schedule(this::fireDue, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void fireDue() {
        synchronized (this) {
            if (firingNow || closed) {
                return;
            }
            firingNow = true;
            wokenWhileFiring = false;
        }
        long sleep;
        try {
            int due;
            do {
                due = store.fireDue(BATCH, rules);
            } while (due == BATCH && !isClosed());
            RecurringStore.Next next = store.next();
            sleep = next.fireAt().isPresent() ? next.fireAt().getAsLong() - next.now() : LONGEST_SLEEP.toMillis();
            if (sleep <= 0) {
                sleep = WHILE_HELD.toMillis();
            }
            sleep = Math.min(sleep, LONGEST_SLEEP.toMillis());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not fire recurring jobs; trying again in a second: " + e.getMessage());
            LOG.log(Level.FINE, "firing recurring jobs", e);
            sleep = AFTER_FAILURE.toMillis();
        }
        synchronized (this) {
            firingNow = false;
            plan(wokenWhileFiring ? 0 : sleep);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (planned != null) {
            planned.cancel(false);
        }
    }
}
