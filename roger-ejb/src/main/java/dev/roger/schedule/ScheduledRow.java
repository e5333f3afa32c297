package dev.roger.schedule;

import dev.roger.job.JobState;

/**
 * A job waiting in the shared database until it is due: scheduled by its producer, or waiting for its
 * next attempt after a failure.
 *
 * @param seq the row's number, 0 before it is stored
 * @param state {@link JobState#SCHEDULED} or {@link JobState#RETRYING}
 * @param dueAt when it is due, in epoch milliseconds on the database's clock
 * @param attempt how many times it ran already
 * @param lastError why its last attempt failed; null for a scheduled job
 * @param body the job's message, as it will be published
 * @param publishFailures how many times its publish failed since it fell due (each pushes it back)
 */
public record ScheduledRow(
        long seq,
        String application,
        String queue,
        String jobId,
        String type,
        JobState state,
        long dueAt,
        int attempt,
        String lastError,
        String body,
        int publishFailures) {}
