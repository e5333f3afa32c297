package dev.roger.api;

import java.time.Instant;

/**
 * One fire of a recurring job: the cluster keeps one per schedule and fire time, which is what makes
 * each time fire once, whichever instances are up.
 *
 * @param fireAt the scheduled time (for a run now, when it was asked for)
 * @param firedAt when an instance fired it
 * @param jobId the job it enqueued; null when it enqueued none
 * @param outcome what it did
 * @param instance the instance that fired it
 */
public record RecurringFire(Instant fireAt, Instant firedAt, String jobId, String outcome, String instance) {}
