package dev.roger.ratelimit;

import dev.roger.api.RateLimit;
import dev.roger.logging.LogBudget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One scope's limit on this instance: the starts it leased from the current window, and the deliveries
 * waiting for one. A start takes a leased token without a database call; when none is left, the gate
 * leases a tenth of the window's starts from the shared row in the background, and once the window is
 * used up it looks again when the next one begins. Waiting deliveries neither spin nor hold a thread.
 */
final class RateGate {

    private static final Logger LOG = Logger.getLogger(RateGate.class.getName());

    /** A lease takes at most this share of a window's starts, so other instances find some left. */
    static final int LEASES_PER_WINDOW = 10;

    /** A delivery waiting for a start: {@code pass} lets it on, {@code giveBack} returns it unstarted. */
    record Waiting(Object owner, String queue, long sinceMillis, Runnable pass, Runnable giveBack) {}

    private final RateScope scope;
    private final RateLimitStore store;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final LogBudget warnings;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiting> line = new ArrayDeque<>();

    private RateLimit limit;
    private long window = Long.MIN_VALUE;
    /** Leased starts of {@link #window} not taken yet. */
    private int tokens;
    /** Starts this instance leased (or, with the database away, allowed itself) in {@link #window}. */
    private int leased;

    private boolean refilling;

    /** @param clock the cluster's time, epoch ms (windows are aligned to it) */
    RateGate(
            RateScope scope,
            RateLimit limit,
            RateLimitStore store,
            LongSupplier clock,
            ScheduledExecutorService scheduler,
            LogBudget warnings) {
        this.scope = scope;
        this.limit = limit;
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.warnings = warnings;
    }

    /** Lets the delivery on at once if a leased start is left and nothing waits before it; else it waits. */
    void enter(Waiting waiting) {
        boolean now;
        lock.lock();
        try {
            if (limit == null) {
                // lifted while this delivery was on its way
                now = true;
            } else {
                roll(windowOf(clock.getAsLong(), limit));
                now = line.isEmpty() && tokens > 0;
            }
            if (now && limit != null) {
                tokens--;
            } else if (!now) {
                line.add(waiting);
                refillSoon(0);
            }
        } finally {
            lock.unlock();
        }
        if (now) {
            waiting.pass().run();
        }
    }

    /** A new limit applies from the next lease; none lets every waiting delivery on. */
    void limit(RateLimit newLimit) {
        List<Waiting> released = List.of();
        lock.lock();
        try {
            limit = newLimit;
            if (newLimit == null) {
                released = takeLine();
            }
        } finally {
            lock.unlock();
        }
        released.forEach(w -> w.pass().run());
    }

    RateLimit limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /** Deliveries of the queue waiting here. */
    int waiting(String queue) {
        lock.lock();
        try {
            return (int) line.stream().filter(w -> w.queue().equals(queue)).count();
        } finally {
            lock.unlock();
        }
    }

    /** Takes back the owner's waiting deliveries that {@code which} selects, in order; they never start. */
    List<Runnable> withdraw(Object owner, Predicate<Waiting> which) {
        List<Runnable> withdrawn = new ArrayList<>();
        lock.lock();
        try {
            for (Iterator<Waiting> it = line.iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (w.owner() == owner && which.test(w)) {
                    it.remove();
                    withdrawn.add(w.giveBack());
                }
            }
        } finally {
            lock.unlock();
        }
        return withdrawn;
    }

    private void refillSoon(long delayMillis) {
        if (!refilling) {
            refilling = true;
            scheduler.schedule(this::refill, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Leases starts for the waiting deliveries and lets on as many as it got. */
    private void refill() {
        RateLimit current;
        long windowStart = 0;
        List<Waiting> lifted = List.of();
        lock.lock();
        try {
            current = limit;
            if (current == null) {
                refilling = false;
                lifted = takeLine();
            } else {
                windowStart = windowOf(clock.getAsLong(), current);
                roll(windowStart);
            }
        } finally {
            lock.unlock();
        }
        if (current == null) {
            lifted.forEach(w -> w.pass().run());
            return;
        }
        int wanted = Math.max(1, current.starts() / LEASES_PER_WINDOW);
        int granted = lease(current, windowStart, wanted);
        List<Waiting> released = new ArrayList<>();
        lock.lock();
        try {
            refilling = false;
            if (window == windowStart) {
                tokens += granted;
                leased += granted;
            }
            while (tokens > 0 && !line.isEmpty()) {
                tokens--;
                released.add(line.poll());
            }
            if (!line.isEmpty()) {
                // more starts left in this window: lease again; none: look when the next window begins
                long now = clock.getAsLong();
                refillSoon(
                        granted > 0
                                ? 0
                                : Math.max(1, windowStart + current.period().toMillis() - now));
            }
        } finally {
            lock.unlock();
        }
        released.forEach(w -> w.pass().run());
    }

    /**
     * Starts from the shared row; with the database away, this instance allows itself the whole
     * window's starts on its own (the cluster as a whole may then start more).
     */
    private int lease(RateLimit current, long windowStart, int wanted) {
        try {
            return store.lease(scope, current, windowStart, wanted);
        } catch (RuntimeException e) {
            if (warnings.tryLog()) {
                LOG.log(
                        Level.WARNING,
                        "cannot lease starts of the rate limit " + current + " of " + scope
                                + " from the database: this instance keeps the limit on its own until it can",
                        e);
            }
            lock.lock();
            try {
                return window == windowStart ? Math.max(0, Math.min(wanted, current.starts() - leased)) : 0;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Called under the lock: empties the line, in order. */
    private List<Waiting> takeLine() {
        List<Waiting> taken = new ArrayList<>(line);
        line.clear();
        return taken;
    }

    /** Called under the lock: a later window drops what was left of the earlier one. */
    private void roll(long windowStart) {
        if (windowStart > window) {
            window = windowStart;
            tokens = 0;
            leased = 0;
        }
    }

    static long windowOf(long nowMillis, RateLimit limit) {
        long period = limit == null
                ? Duration.ofSeconds(1).toMillis()
                : limit.period().toMillis();
        return nowMillis - Math.floorMod(nowMillis, period);
    }
}
