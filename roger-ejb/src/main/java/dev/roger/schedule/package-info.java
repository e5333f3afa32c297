/**
 * Jobs in time: jobs scheduled for later wait in the shared database ({@code ScheduledStore}), and
 * every instance's {@code DueJobClaimer} publishes them when due, waking for the next due time (and
 * when the bus says a sooner one was scheduled) rather than polling. {@link dev.roger.schedule.ScheduledJobs}
 * is what the rest of the engine uses: schedule, cancel, run now, move, list.
 */
package dev.roger.schedule;
