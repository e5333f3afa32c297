package dev.roger.api;

import java.time.Instant;

/**
 * A job waiting in the shared database until it is due: scheduled by its producer, or waiting for its
 * next attempt after a failure (a retry).
 *
 * @param dueAt when it is published to its queue (on the database's clock)
 * @param attempt how many times it ran already (0 for a scheduled job that never ran)
 * @param lastError why its last attempt failed; null for a scheduled job
 * @param argsPreview the start of its args as JSON, at most {@link #PREVIEW_LENGTH} characters
 * @param publishFailures how many times it fell due and could not be published (each time it waits
 *     longer before the next try)
 */
public record ScheduledJob(
        String id,
        String application,
        String queue,
        String type,
        Instant dueAt,
        int attempt,
        String lastError,
        String argsPreview,
        int publishFailures) {

    public static final int PREVIEW_LENGTH = 200;
}
