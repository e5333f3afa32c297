package dev.roger.lifecycle;

import dev.roger.job.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of a job's state changes. Each change is checked in memory against
 * {@link JobState}'s table of allowed changes, then announced in two steps around its effect (the
 * ack, the keys handed on), as JobRunr elects a state and then applies it: listeners
 * {@link #onDecided decided} hear it before the effect (the users' CDI observers: the next job of an
 * execution key starts after they ran, and they hear an end even when its ack then fails), listeners
 * {@link #onApplied applied} once it took effect (queue counters, history, the record: a record never
 * says a job ended whose ack failed). Each group hears it in the order its listeners were registered. An illegal change is a bug in Roger: with {@code strict} (the in-container tests)
 * it throws, so a test sees it; in production it is logged once per pair of states, counted, and
 * still announced, since the job already went where the caller sent it and its record keeps its own
 * forward-only order.
 */
public final class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class.getName());

    private final boolean strict;
    private final List<JobListener> decided = new CopyOnWriteArrayList<>();
    private final List<JobListener> applied = new CopyOnWriteArrayList<>();
    private final Set<String> illegalSeen = ConcurrentHashMap.newKeySet();
    private final AtomicLong illegal = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    public JobLifecycle(boolean strict) {
        this.strict = strict;
    }

    /** Hears a change before its effect; registered by the composition root before the engine starts. */
    public void onDecided(JobListener listener) {
        decided.add(listener);
    }

    /** Hears a change once it took effect; registered by the composition root before the engine starts. */
    public void onApplied(JobListener listener) {
        applied.add(listener);
    }

    /** What makes a change stick: settling the delivery, handing the keys on. */
    @FunctionalInterface
    public interface Effect {
        void run() throws IOException;

        Effect NONE = () -> {};
    }

    /** A change that already took effect (a publish confirmed, a row stored): {@link #change(JobChange, Effect)} without one. */
    public JobState change(JobChange change) {
        try {
            return change(change, Effect.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks {@code change}, tells the decided listeners, runs {@code effect}, then tells the applied
     * listeners. A change to the state the job is in already is none: the effect runs, nobody hears
     * of it. When the effect throws, the applied listeners hear nothing and the exception goes to the
     * caller.
     *
     * @return the state the job is in now ({@code change.to()})
     * @throws IllegalStateException in strict mode, for a change the table does not allow (before
     *     anything ran)
     */
    public JobState change(JobChange change, Effect effect) throws IOException {
        JobState from = change.from();
        JobState to = change.to();
        if (from == to) {
            effect.run();
            return to;
        }
        if (from != null && !from.canMoveTo(to)) {
            illegal(change);
        }
        tell(decided, change);
        effect.run();
        tell(applied, change);
        return to;
    }

    private void tell(List<JobListener> listeners, JobChange change) {
        for (JobListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException | LinkageError e) {
                listenerFailures.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "a listener (" + listener.getClass().getName() + ") of job " + change.jobId() + "'s change "
                                + change.from() + " -> " + change.to() + " threw; the job goes on",
                        e);
            }
        }
    }

    private void illegal(JobChange change) {
        String what = "job " + change.jobId() + " of " + change.application() + " cannot move from " + change.from()
                + " to " + change.to() + " (a bug in Roger)";
        if (strict) {
            throw new IllegalStateException(what);
        }
        illegal.incrementAndGet();
        if (illegalSeen.add(change.from() + ">" + change.to())) {
            LOG.warning(what + "; further changes between these two states are only counted");
        }
    }

    /** Illegal changes seen since start (never more than 0 in a correct Roger). */
    public long illegalChanges() {
        return illegal.get();
    }

    /** Listener calls that threw since start. */
    public long listenerFailures() {
        return listenerFailures.get();
    }
}
