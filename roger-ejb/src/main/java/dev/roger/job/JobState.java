package dev.roger.job;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The states of a job's whole life, from its enqueue to its end, with the changes between them
 * written down in one table ({@link AllowedStateChanges}). Each state carries the name the stores
 * write in their {@code state} columns. Databases hold those names, so a change to one comes with a
 * schema migration that rewrites the rows (see {@code dev.roger.state.Schema}): migration 2 rewrote
 * {@link #WAITING_FOR_KEY}'s earlier name {@code parked}.
 *
 * <p>Every change of a job's state goes through {@code dev.roger.lifecycle.JobLifecycle}, which checks
 * it against the table and tells the listeners (CDI events, the job record, the history tally, the queue
 * counters). Where the states are kept: the queue-key table ({@link #RESERVED}, {@link #QUEUED}), the
 * execution-key table ({@link #ENQUEUING}, {@link #QUEUED}, {@link #WAITING_FOR_KEY},
 * {@link #REPUBLISHING}, {@link #RUNNING}), the scheduled table ({@link #SCHEDULED},
 * {@link #RETRYING}), the worker's running job for one delivery ({@link #QUEUED} to its outcome), and
 * the job record, which keeps each job's latest state (by its constant's name).
 *
 * <p>Constants are declared in the order of a job's life: every change goes forward in it, except a
 * return to {@link #QUEUED}, which starts another delivery of the same job.
 */
public enum JobState {

    /** Stored in the database to run at a later time (a delay or a time to run at). */
    SCHEDULED("scheduled"),
    /** Its queue key is reserved and its message not yet confirmed by the broker. */
    RESERVED("reserved"),
    /** It took its place behind its execution key and its message is not yet confirmed by the broker. */
    ENQUEUING("enqueuing"),
    /** Its message is with the broker, in its queue. */
    QUEUED("queued"),
    /**
     * Delivered before its execution key's turn: kept in the database until the jobs ahead of it
     * finish. Stored as {@code waiting_for_key}; releases before schema version 2 stored
     * {@code parked}, which migration 2 rewrote, so that {@code parked} means only {@link #PARKED}.
     */
    WAITING_FOR_KEY("waiting_for_key"),
    /** Its execution key's turn came: its message is being published again. */
    REPUBLISHING("republishing"),
    /** A worker runs it (a long job whose message was acknowledged early still runs). */
    RUNNING("running"),
    /** It failed and waits in the retry queue for its next attempt. */
    RETRYING("retrying"),
    /**
     * It cannot run (not a job, an unknown type, unreadable args, a worker that kept dying) and is
     * kept for an operator. Stored as {@code parked_message}: when it got its name, {@code parked} was
     * still {@link #WAITING_FOR_KEY}'s stored name.
     */
    PARKED("parked_message"),
    /** It used its last retry and is kept for an operator. */
    BURIED("buried"),
    SUCCEEDED("succeeded"),
    /** It failed and may not be retried. */
    FAILED("failed"),
    CANCELLED("cancelled"),
    /** An operator's purge took it off its queue: it never runs. */
    PURGED("purged");

    private static final Map<String, JobState> BY_STORED_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(JobState::storedName, Function.identity()));

    private final String storedName;

    JobState(String storedName) {
        this.storedName = storedName;
    }

    /** The name in a store's {@code state} column. */
    public String storedName() {
        return storedName;
    }

    /** The state a store's {@code state} column names. */
    public static JobState fromStoredName(String storedName) {
        JobState state = BY_STORED_NAME.get(storedName);
        if (state == null) {
            throw new IllegalStateException("'" + storedName + "' is not a job state Roger knows");
        }
        return state;
    }

    /**
     * True when the table allows a job in this state to move to {@code next}. Writing the same state
     * again (a redelivery taking a running job over) is no change and is not asked here.
     */
    public boolean canMoveTo(JobState next) {
        return AllowedStateChanges.allows(this, next);
    }

    /** It ended: succeeded, cancelled, purged, or kept for an operator (failed, buried, parked), who may run it again. */
    public boolean endsTheJob() {
        return this == SUCCEEDED
                || this == CANCELLED
                || this == FAILED
                || this == BURIED
                || this == PARKED
                || this == PURGED;
    }

    /** A job in a terminal state has no way out. */
    public boolean isTerminal() {
        return AllowedStateChanges.from(this).isEmpty();
    }
}
