package dev.roger.recurring;

/**
 * One fire of a recurring job; the store keeps one per schedule and fire time.
 *
 * @param fireAt epoch ms, the scheduled time (for a run now, the database's now)
 * @param jobId null when the fire enqueued no job
 */
public record RecurringFireRow(long fireAt, long firedAt, String jobId, String outcome, String instance) {}
