package dev.roger.api;

import java.time.Instant;

/**
 * Fired when a retryable job used its last retry and was buried (kept in the shared database).
 * {@code buriedQueue} names the queue earlier releases buried it in, {@code {application}-{queue}.buried}.
 */
public record JobBuried(JobContext job, Throwable error, String buriedQueue, Instant finishedAt) {}
