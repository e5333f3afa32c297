package dev.roger.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A job type: a CDI bean that performs one kind of work.
 *
 * <p>Roger decodes the JSON arguments of each message into {@code A} with JSON-B and calls
 * {@link #perform}. The optional hooks default to: queue {@code default}, no keys, not retryable, no
 * timeout, not strict. The type's stable name
 * (stored in every message) is given by {@link JobType}, or else is the bean class's simple name.
 *
 * @param <A> the arguments, any type JSON-B can read and write (a record, a map, a JsonObject)
 */
public interface Job<A> {

    /** Does the work; the result is handed to the {@link AfterRun} event. */
    Object perform(A args) throws Exception;

    /** The queue of the application this job goes to unless the enqueue names one. */
    default String queue(A args) {
        return "default";
    }

    /** While a job with this key is queued, another one with the same key is refused (null: none). */
    default String queueKey(A args) {
        return null;
    }

    /** Jobs with the same execution key never run at the same time (null: none). */
    default String executionKey(A args) {
        return null;
    }

    /**
     * How a job with an execution key waits for its retry. False (the default): the key is free
     * meanwhile, the next job with the key runs, and the retried job joins the
     * end of the key's line when its delay is over. True: the job keeps its place, and every later job
     * with the key waits until it succeeds, is buried or is cancelled.
     */
    default boolean strictOrder() {
        return false;
    }

    /** A failing retryable job is retried with exponential backoff, then buried. */
    default boolean retryable() {
        return false;
    }

    /**
     * The args as the job's record keeps them (see {@link RogerService#job}): a redacted copy, or null
     * to keep none, since args may hold secrets. Retries never read the record's args.
     */
    default Object recordedArgs(A args) {
        return args;
    }

    /** Whether the job's record keeps what {@link #perform} returned, as JSON (up to {@link JobRecord#MAX_RESULT_CHARS}). */
    default boolean recordsResult() {
        return true;
    }

    /** After this time the job is interrupted and takes the failure path (empty: no limit). */
    default Optional<Duration> maxExecutionTime() {
        return Optional.empty();
    }
}
