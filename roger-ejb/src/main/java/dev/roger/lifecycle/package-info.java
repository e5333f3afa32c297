/**
 * A job's life in one place: {@link dev.roger.lifecycle.JobLifecycle} checks every change of a job's
 * {@link dev.roger.job.JobState} against the allowed changes and announces it to the
 * {@link dev.roger.lifecycle.JobListener}s the composition root registered (CDI events, job records,
 * the history tally, queue counters). The features that move jobs (enqueue, worker, due jobs, dead
 * letters) call it; none of them tells a listener itself.
 */
package dev.roger.lifecycle;
