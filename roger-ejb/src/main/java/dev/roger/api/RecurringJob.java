package dev.roger.api;

import java.time.Instant;

/**
 * A recurring job as the cluster keeps it, with its last and next fire.
 *
 * @param args its args as JSON
 * @param zone the time zone's id
 * @param fromConfiguration defined in {@code roger.recurring}: the configuration owns it, the API may
 *     only pause, resume and run it now
 * @param nextFire when it fires next (the shared database's clock); null while paused
 * @param lastFire the scheduled time of its last fire, or when it was last run now; null before
 * @param lastJobId the job its last fire enqueued; null when that fire enqueued none
 * @param lastOutcome what its last fire did, e.g. "enqueued", "skipped: the previous run is still queued
 *     or running", "refused: ..."
 */
public record RecurringJob(
        String application,
        String name,
        String jobType,
        String args,
        String cron,
        String zone,
        MissedFires missed,
        boolean overlap,
        boolean fromConfiguration,
        boolean paused,
        Instant nextFire,
        Instant lastFire,
        String lastJobId,
        String lastOutcome) {}
