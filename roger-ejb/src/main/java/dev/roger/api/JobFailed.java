package dev.roger.api;

import java.time.Instant;

/**
 * Fired when a run failed (an exception, or the max execution time passed).
 *
 * @param willRetry true when the job was queued for another attempt
 */
public record JobFailed(JobContext job, Throwable error, boolean willRetry, Instant finishedAt) {}
