package dev.roger.api;

import java.time.Instant;

/** Fired when a retryable job used its last retry and went to its queue's buried queue. */
public record JobBuried(JobContext job, Throwable error, String buriedQueue, Instant finishedAt) {
}
