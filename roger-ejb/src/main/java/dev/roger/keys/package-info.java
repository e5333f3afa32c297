/**
 * What the shared database holds of a job beside its message: its queue key and its place in its
 * execution key's line ({@link dev.roger.keys.JobKeys}), and long jobs whose message was acknowledged
 * early ({@link dev.roger.keys.LongJobs}). A job the database holds goes back to the broker one way
 * only ({@link dev.roger.keys.Handover}): published first, marked after, so a crash in between gives
 * at most a duplicate, never a loss.
 */
package dev.roger.keys;
