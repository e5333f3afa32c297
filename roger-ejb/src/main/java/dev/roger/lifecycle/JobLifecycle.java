package dev.roger.lifecycle;

import dev.roger.job.JobState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of a job's state changes. Each change is checked in memory against
 * {@link JobState}'s table of allowed changes, then announced to every listener in the order they
 * were registered. An illegal change is a bug in Roger: with {@code strict} (the in-container tests)
 * it throws, so a test sees it; in production it is logged once per pair of states, counted, and
 * still announced, since the job already went where the caller sent it and its record keeps its own
 * forward-only order.
 */
public final class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class.getName());

    private final boolean strict;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> illegalSeen = ConcurrentHashMap.newKeySet();
    private final AtomicLong illegal = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    public JobLifecycle(boolean strict) {
        this.strict = strict;
    }

    /** Registered by the composition root before the engine starts. */
    public void listen(JobListener listener) {
        listeners.add(listener);
    }

    /**
     * Announces {@code change}; a change to the state the job is in already is none and is not
     * announced.
     *
     * @return the state the job is in now ({@code change.to()})
     * @throws IllegalStateException in strict mode, for a change the table does not allow
     */
    public JobState change(JobChange change) {
        JobState from = change.from();
        JobState to = change.to();
        if (from == to) {
            return to;
        }
        if (from != null && !from.canMoveTo(to)) {
            illegal(change);
        }
        for (JobListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException | LinkageError e) {
                listenerFailures.incrementAndGet();
                LOG.log(
                        Level.WARNING,
                        "a listener (" + listener.getClass().getName() + ") of job " + change.jobId() + "'s change "
                                + from + " -> " + to + " threw; the job goes on",
                        e);
            }
        }
        return to;
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
