package dev.roger.api;

import java.time.Instant;

/**
 * A purge of one queue: an instance takes the jobs that were queued when it started off the queue, in
 * batches, in the background; each purged job's record says {@code purged} and its keys are released.
 *
 * @param instance the instance that runs it
 * @param state {@code running}, {@code done} or {@code failed} (the broker or the database failed;
 *     what was not purged yet stays queued, and a purge can be started again)
 * @param total the jobs queued when it started: it purges at most these, never jobs enqueued since
 * @param purged the jobs taken off the queue so far
 * @param endedAt null while it runs
 * @param error why it failed, null otherwise
 */
public record QueuePurge(
        String application,
        String queue,
        String instance,
        String state,
        long total,
        long purged,
        Instant startedAt,
        Instant endedAt,
        String error) {}
