package dev.roger.buried;

/**
 * A buried job as stored.
 *
 * @param seq its place in the order of burials
 * @param error the error of its last run
 * @param buriedAt epoch milliseconds
 * @param body the whole job message (JSON), as published
 */
public record BuriedRow(
        long seq,
        String application,
        String queue,
        String jobId,
        String type,
        int retryCount,
        String error,
        long buriedAt,
        String body) {}
