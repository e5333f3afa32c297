package dev.roger.application;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The message and consumer counts of this instance's queues, one snapshot shared by every reader
 * (the API, the cluster view over the bus, the admin page's refresh). A reader gets the last snapshot
 * while it is at most {@link #MAX_AGE} old; otherwise one reader counts and concurrent ones wait for
 * its result. Counting is a passive declare per queue on a channel of its own, never under the
 * registry's lock. While someone looked within {@link #WATCH}, {@link #refreshIfWatched} (run every
 * {@link #REFRESH}) counts ahead of them, so they never wait; nobody looking costs nothing.
 */
final class QueueCounts {

    /** The staleness bound the README states. */
    static final Duration MAX_AGE = Duration.ofSeconds(2);

    static final Duration REFRESH = Duration.ofSeconds(1);
    static final Duration WATCH = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(QueueCounts.class.getName());

    /** -1 for a count RabbitMQ did not give (not connected, no such queue). */
    record Counts(long messages, long consumers) {
        static final Counts UNKNOWN = new Counts(-1, -1);
    }

    /** Asks RabbitMQ for the counts of the queues; a queue it cannot count is {@link Counts#UNKNOWN}. */
    @FunctionalInterface
    interface Counter {
        Map<String, Counts> count(List<String> queues);
    }

    private record Snapshot(Map<String, Counts> counts, long takenAt) {}

    private final Supplier<List<String>> queues;
    private final Counter counter;
    private final LongSupplier nanoClock;
    private final Object counting = new Object();
    private volatile Snapshot last;
    private volatile long lastRead;

    /**
     * @param queues the broker queues to count, now
     * @param nanoClock like {@link System#nanoTime}
     */
    QueueCounts(Supplier<List<String>> queues, Counter counter, LongSupplier nanoClock) {
        this.queues = queues;
        this.counter = counter;
        this.nanoClock = nanoClock;
        this.lastRead = nanoClock.getAsLong() - WATCH.toNanos() - 1;
    }

    /** Counts taken at most {@link #MAX_AGE} ago, of every queue there is now. */
    Map<String, Counts> read() {
        lastRead = nanoClock.getAsLong();
        List<String> wanted = queues.get();
        Snapshot snapshot = last;
        if (fresh(snapshot, wanted)) {
            return snapshot.counts();
        }
        synchronized (counting) {
            snapshot = last;
            // another reader or the refresh may have counted while this one waited
            return fresh(snapshot, wanted) ? snapshot.counts() : count().counts();
        }
    }

    /** Counts ahead of the readers, but only while someone looked within {@link #WATCH}. */
    void refreshIfWatched() {
        if (nanoClock.getAsLong() - lastRead > WATCH.toNanos()) {
            return;
        }
        try {
            synchronized (counting) {
                count();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "counting the queues", e);
        }
    }

    private boolean fresh(Snapshot snapshot, List<String> wanted) {
        return snapshot != null
                && nanoClock.getAsLong() - snapshot.takenAt() <= MAX_AGE.toNanos()
                && snapshot.counts().keySet().containsAll(wanted);
    }

    private Snapshot count() {
        long started = nanoClock.getAsLong();
        Snapshot counted = new Snapshot(Map.copyOf(counter.count(queues.get())), started);
        last = counted;
        return counted;
    }
}
