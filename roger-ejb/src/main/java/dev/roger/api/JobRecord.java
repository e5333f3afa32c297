package dev.roger.api;

import java.time.Instant;

/**
 * What Roger keeps of one job, from its enqueue (or schedule) to its end: "what happened to job X?".
 *
 * @param state the lowercase name of its state, one of {@link #STATES}
 * @param dueAt when a scheduled job or a retry falls due; null otherwise
 * @param attempt how many times it ran before its current or last run (0 for the first run)
 * @param instance the instance that ran it last; null before it ran
 * @param lastError the message of its last failure; null when it did not fail
 * @param errorStack the start of that failure's stack trace
 * @param result what {@code perform} returned, as JSON capped at {@link #MAX_RESULT_CHARS}; null when the
 *     type opts out, the result was larger, or there is none yet
 * @param args its args as JSON, as the job type lets them be kept (null: it opted out)
 * @param progress the percentage it last reported while running, or -1
 * @param progressMessage the message it reported with it
 */
public record JobRecord(
        String id,
        String application,
        String queue,
        String type,
        String state,
        Instant enqueuedAt,
        Instant dueAt,
        Instant startedAt,
        Instant finishedAt,
        int attempt,
        String instance,
        String lastError,
        String errorStack,
        String result,
        String args,
        int progress,
        String progressMessage,
        Instant updatedAt) {

    /** The states a record can be in, in the order of a job's life: the engine's job states, lowercase. */
    public static final java.util.List<String> STATES = java.util.List.of(
            "scheduled",
            "queued",
            "waiting_for_key",
            "running",
            "retrying",
            "succeeded",
            "failed",
            "buried",
            "cancelled",
            "parked",
            "purged");

    public static final int MAX_RESULT_CHARS = 8_192;
}
