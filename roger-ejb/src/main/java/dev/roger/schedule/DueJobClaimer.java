package dev.roger.schedule;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes due jobs on this instance. It sleeps until the next due time the database knows, and is
 * woken sooner when a job due earlier is scheduled here or, through the bus, on another instance.
 * Every instance runs one; their claims skip each other's rows, so they share the work. The longest
 * sleep is a safety net for a wake-up the bus lost, not a polling interval.
 */
final class DueJobClaimer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DueJobClaimer.class.getName());

    /** Jobs per claim (one transaction). */
    static final int BATCH = 500;
    /** The most jobs of one application in a claim: the others' due jobs go in the same claim. */
    static final int PER_APPLICATION = 100;
    /** The longest sleep, when nothing is due sooner. */
    static final Duration LONGEST_SLEEP = Duration.ofSeconds(10);
    /** Between two claims in a row: lets jobs due close together go in one claim. */
    static final Duration SHORTEST_PAUSE = Duration.ofMillis(50);

    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final ScheduledStore store;
    private final Function<List<ScheduledRow>, ScheduledStore.Claimed> publisher;
    private final ScheduledExecutorService timer;

    private ScheduledFuture<?> planned;
    /** When the planned claim runs, on this instance's clock. */
    private long plannedAt = Long.MAX_VALUE;
    /** The database's clock minus this instance's, as of the last claim. */
    private volatile long clockOffset;

    private boolean claiming;
    /** The soonest wake-up that came while a claim ran, on this instance's clock. */
    private long wokenDuringClaim = Long.MAX_VALUE;

    private boolean closed;

    DueJobClaimer(
            ScheduledStore store,
            Function<List<ScheduledRow>, ScheduledStore.Claimed> publisher,
            ScheduledExecutorService timer) {
        this.store = store;
        this.publisher = publisher;
        this.timer = timer;
    }

    void start() {
        synchronized (this) {
            plan(System.currentTimeMillis());
        }
    }

    /**
     * A job due at {@code dueAt} (epoch ms, the database's clock) waits; true when that is sooner than
     * this instance planned to look, so the other instances should hear of it too.
     */
    boolean wake(long dueAt) {
        long local = dueAt - clockOffset;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (claiming) {
                boolean sooner = local < wokenDuringClaim;
                wokenDuringClaim = Math.min(wokenDuringClaim, local);
                return sooner;
            }
            if (local < plannedAt) {
                plan(local);
                return true;
            }
            return false;
        }
    }

    private void plan(long localAt) {
        if (closed) {
            return;
        }
        if (planned != null) {
            planned.cancel(false);
        }
        plannedAt = localAt;
        planned = timer.schedule(this::claim, Math.max(0, localAt - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }

    private void claim() {
        synchronized (this) {
            if (claiming || closed) {
                return;
            }
            claiming = true;
            wokenDuringClaim = Long.MAX_VALUE;
            plannedAt = Long.MAX_VALUE;
        }
        long next;
        try {
            next = claimAllDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not publish due jobs; trying again in a second: " + e.getMessage());
            LOG.log(Level.FINE, "claiming due jobs", e);
            next = System.currentTimeMillis() + AFTER_FAILURE.toMillis();
        }
        synchronized (this) {
            claiming = false;
            plan(Math.min(next, wokenDuringClaim));
        }
    }

    /**
     * Claims until nothing is due (each claim takes a bounded share per application, so a claim of
     * fewer than {@link #BATCH} rows does not mean nothing else is due); returns when to look next, on
     * this instance's clock. Rows that failed to publish are due again later and so leave the line;
     * rows left as they were (the broker cannot be reached) end the claims until a second from now.
     */
    private long claimAllDue() {
        int[] left = new int[1];
        int claimed;
        int total = 0;
        do {
            left[0] = 0;
            claimed = store.claimDue(BATCH, PER_APPLICATION, rows -> {
                ScheduledStore.Claimed outcome = publisher.apply(rows);
                left[0] = rows.size()
                        - outcome.done().size()
                        - outcome.retryInMillis().size();
                return outcome;
            });
            total += claimed;
        } while (claimed > 0 && left[0] == 0 && !isClosed());
        long now = System.currentTimeMillis();
        if (left[0] > 0) {
            return now + AFTER_FAILURE.toMillis();
        }
        ScheduledStore.Next next = store.next();
        clockOffset = next.now() - now;
        long sleep = next.dueAt().isPresent()
                ? Math.min(next.dueAt().getAsLong() - next.now(), LONGEST_SLEEP.toMillis())
                : LONGEST_SLEEP.toMillis();
        return now + Math.max(sleep, total > 0 ? SHORTEST_PAUSE.toMillis() : 0);
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
