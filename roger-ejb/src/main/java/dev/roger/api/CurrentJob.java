package dev.roger.api;

import java.time.Instant;

/**
 * The run a job is in, seen from inside {@link Job#perform}: inject it ({@code @Inject CurrentJob
 * current;}) into a job type of any scope; each call answers for the run on the calling thread. Not to be
 * confused with {@link JobContext}, which is what the events of a run carry.
 *
 * <p>Answered only inside {@code perform}, on the thread Roger runs the job on: threads the job starts
 * itself (and event observers) run no job.
 *
 * @throws IllegalStateException from every method when the calling thread runs no job
 */
public interface CurrentJob {

    String id();

    String application();

    String queue();

    /** How many times the job ran before this run (0 for the first run). */
    int attempt();

    Instant enqueuedAt();

    /**
     * Whether the job was cancelled while it runs, for jobs that do not block in interruptible calls
     * (those are interrupted) and want to stop at a safe point.
     */
    boolean isCancelled();

    /**
     * Reports progress, a percentage from 0 to 100 and a short message (at most 200 characters kept).
     * Cheap to call often: the running-jobs list and the admin page show the latest report at once,
     * the job's record gets it at most about once a second.
     */
    void progress(int percent, String message);
}
