package dev.roger.state;

/**
 * One write to a job's record: the fields it knows (null: unknown here) and its rank in the job's life.
 * A write of a lower rank than the stored one only fills fields the record lacks, so a late write never
 * moves a record back; {@code reopen} (an operator retries a job that ended) moves it to any rank.
 *
 * @param rank {@code attempt * 10 + } the state's place in one run (see {@code records.Ranks})
 * @param state the {@code JobState} name
 */
public record RecordChange(
        String application,
        String jobId,
        String queue,
        String type,
        String state,
        long rank,
        boolean reopen,
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

    /** This change followed by {@code later}, as the database would apply the two one after the other. */
    public RecordChange then(RecordChange later) {
        boolean moves = later.reopen || later.rank >= rank;
        RecordChange first = moves ? later : this;
        RecordChange second = moves ? this : later;
        return new RecordChange(
                application,
                jobId,
                or(first.queue, second.queue),
                or(first.type, second.type),
                first.state,
                first.rank,
                reopen || later.reopen,
                or(first.enqueuedAt, second.enqueuedAt),
                or(first.dueAt, second.dueAt),
                or(first.startedAt, second.startedAt),
                or(first.finishedAt, second.finishedAt),
                or(first.attempt, second.attempt),
                or(first.instance, second.instance),
                or(first.lastError, second.lastError),
                or(first.errorStack, second.errorStack),
                or(first.result, second.result),
                or(first.args, second.args),
                or(first.body, second.body),
                or(first.progress, second.progress),
                or(first.progressMessage, second.progressMessage),
                Math.max(updatedAt, later.updatedAt));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
