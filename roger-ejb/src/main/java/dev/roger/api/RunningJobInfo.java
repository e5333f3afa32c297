package dev.roger.api;

import java.time.Instant;

/**
 * A job running now, and where.
 *
 * @param progress the percentage the job last reported through {@link CurrentJob#progress} (-1: none)
 * @param progressMessage the message it reported with it, empty when it gave none (null: no progress
 *     reported, also from an instance of a version before progress, where {@code progress} reads 0)
 * @param thread the name of the thread it runs on (to find it in a thread dump; null from an instance
 *     of an earlier version)
 */
public record RunningJobInfo(
        String id,
        String application,
        String queue,
        String type,
        Instant startedAt,
        String instance,
        int progress,
        String progressMessage,
        String thread) {}
