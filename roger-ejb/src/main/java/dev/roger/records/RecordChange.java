package dev.roger.records;

/**
 * One write to a job's record: the fields it knows (null: unknown here) and its rank in the job's life.
 * A write of a lower rank than the stored one only fills fields the record lacks, so a late write never
 * moves a record back; {@code reopen} (an operator retries a job that ended) moves it to any rank.
 * {@code first} marks a change whose record is most likely new (a job's enqueue or schedule, or its
 * first run soon after its enqueue on another instance), so the store inserts it (an insert costs less
 * than a merge) and merges it only when the record exists after all.
 *
 * @param rank {@code attempt * 10 + } the state's place in one run (see {@code records.Ranks})
 * @param state the {@code JobState}'s stored name, as every table stores states
 */
public record RecordChange(
        String application,
        String jobId,
        String queue,
        String type,
        String state,
        long rank,
        boolean reopen,
        boolean first,
        Long enqueuedAt,
        Long dueAt,
        Long startedAt,
        Long finishedAt,
        Integer attempt,
        String instance,
        String lastError,
        String errorStack,
        String result,
        String args,
        String body,
        Integer progress,
        String progressMessage,
        long updatedAt) {

    /**
     * Whether this is a job's first change from before it ran (its enqueue or schedule): when its record
     * exists already, another step of the job wrote it, and knew all this change knows.
     */
    public boolean onlyOpens() {
        return first && !reopen && rank <= Ranks.of(dev.roger.job.JobState.QUEUED, 0);
    }

    /** This change for a record that exists: merged, never inserted. */
    public RecordChange ofAnExistingRecord() {
        return first
                ? new RecordChange(
                        application,
                        jobId,
                        queue,
                        type,
                        state,
                        rank,
                        reopen,
                        false,
                        enqueuedAt,
                        dueAt,
                        startedAt,
                        finishedAt,
                        attempt,
                        instance,
                        lastError,
                        errorStack,
                        result,
                        args,
                        body,
                        progress,
                        progressMessage,
                        updatedAt)
                : this;
    }

    /** This change followed by {@code later}, as the database would apply the two one after the other. */
    public RecordChange then(RecordChange later) {
        boolean moves = later.reopen || later.rank >= rank;
        RecordChange ahead = moves ? later : this;
        RecordChange behind = moves ? this : later;
        return new RecordChange(
                application,
                jobId,
                or(ahead.queue, behind.queue),
                or(ahead.type, behind.type),
                ahead.state,
                ahead.rank,
                reopen || later.reopen,
                first,
                or(ahead.enqueuedAt, behind.enqueuedAt),
                or(ahead.dueAt, behind.dueAt),
                or(ahead.startedAt, behind.startedAt),
                or(ahead.finishedAt, behind.finishedAt),
                or(ahead.attempt, behind.attempt),
                or(ahead.instance, behind.instance),
                or(ahead.lastError, behind.lastError),
                or(ahead.errorStack, behind.errorStack),
                or(ahead.result, behind.result),
                or(ahead.args, behind.args),
                or(ahead.body, behind.body),
                or(ahead.progress, behind.progress),
                or(ahead.progressMessage, behind.progressMessage),
                Math.max(updatedAt, later.updatedAt));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
