package dev.roger.engine;

import dev.roger.api.UnknownApplicationException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The queues an enqueue may use: those of the applications this instance runs, and those any
 * instance of the cluster has started (read from the database and kept for a few seconds), so an
 * instance that only produces for an application enqueues like one that consumes it.
 */
final class KnownQueues {

    /** How long the cluster's list stands in for the database. */
    static final long FRESH_MILLIS = 10_000;
    /** A queue missing from the list reads the database again, but not more often than this. */
    static final long MISS_MILLIS = 1_000;

    private final Function<String, Optional<Set<String>>> local;
    private final Function<String, Set<String>> cluster;
    private final LongSupplier clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Set<String> queues, long readAt) {}

    /**
     * @param local   the queues of an application this instance runs, or empty
     * @param cluster the queues any instance has started for an application (a database read)
     */
    KnownQueues(
            Function<String, Optional<Set<String>>> local, Function<String, Set<String>> cluster, LongSupplier clock) {
        this.local = local;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Throws when no instance of the cluster has started the application. */
    void requireApplication(String application) {
        if (local.apply(application).isPresent()) {
            return;
        }
        if (read(application, FRESH_MILLIS).isEmpty()) {
            throw new UnknownApplicationException(
                    "application '" + application + "' is not started on any instance of the cluster");
        }
    }

    boolean has(String application, String queue) {
        if (local.apply(application).map(queues -> queues.contains(queue)).orElse(false)) {
            return true;
        }
        return read(application, FRESH_MILLIS).contains(queue)
                || read(application, MISS_MILLIS).contains(queue);
    }

    /** The queues this instance and the cluster know, for an error message. */
    Set<String> of(String application) {
        Set<String> all = new TreeSet<>(read(application, FRESH_MILLIS));
        local.apply(application).ifPresent(all::addAll);
        return all;
    }

    private Set<String> read(String application, long maxAgeMillis) {
        long now = clock.getAsLong();
        Known last = known.get(application);
        if (last == null || now - last.readAt >= maxAgeMillis) {
            last = new Known(Set.copyOf(cluster.apply(application)), now);
            if (last.queues.isEmpty()) {
                return last.queues; // not kept: names nobody started must not fill the memory
            }
            known.put(application, last);
        }
        return last.queues;
    }
}
