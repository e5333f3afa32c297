package dev.roger.lifecycle;

import dev.roger.api.JobContext;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import java.time.Instant;

/**
 * One change of a job's state, with what its listeners need: where the job is, which run it is, when
 * it was enqueued, started and ended, and why it failed.
 *
 * @param application the job's application
 * @param queue its queue, within the application
 * @param jobId its id; null only for a parked message that could not be read as a job
 * @param type its job type; null like {@code jobId}
 * @param attempt the run this change belongs to (0 for the first)
 * @param from the state it leaves; null for a job that is new (enqueued or scheduled)
 * @param to the state it enters
 * @param enqueuedAt when it was first enqueued
 * @param startedAt when this run started; null outside a run
 * @param endedAt when it reached {@code to}, for a change that ends a run or the job; else null
 * @param error why the run failed; null unless it did
 * @param detail what only some listeners need
 */
public record JobChange(
        String application,
        String queue,
        String jobId,
        String type,
        int attempt,
        JobState from,
        JobState to,
        Instant enqueuedAt,
        Instant startedAt,
        Instant endedAt,
        Throwable error,
        Detail detail) {

    /**
     * @param job the job's message; null when it could not be read
     * @param run the run's context for the CDI events; null outside a run
     * @param result what the run returned, on success
     * @param keepsResult the job type lets its record keep the result
     * @param body the message as text, kept for an operator's retry of a job that failed for good
     * @param reason why a message was parked
     * @param argsForRecord makes the args as the job's record keeps them, only when a record asks
     *     (null, or making null: none)
     * @param dueAt when a scheduled job or a retry falls due (epoch ms); null otherwise
     * @param announced false when another change of the same job fired its event already (a cancel
     *                  claimed by another worker)
     */
    public record Detail(
            JobMessage job,
            JobContext run,
            Object result,
            boolean keepsResult,
            String body,
            String reason,
            java.util.function.Supplier<String> argsForRecord,
            Long dueAt,
            boolean announced) {

        public static final Detail NONE = new Detail(null, null, null, false, null, null, null, null, true);

        /** The args as the job's record keeps them (null: none). */
        public String recordedArgs() {
            return argsForRecord == null ? null : argsForRecord.get();
        }
    }

    /** A change of {@code job} in {@code queue}, with no detail yet; the {@code with...} methods add it. */
    public static JobChange of(String application, String queue, JobMessage job, JobState from, JobState to) {
        return new JobChange(
                application,
                queue,
                job == null ? null : job.id(),
                job == null ? null : job.type(),
                job == null ? 0 : job.retryCount(),
                from,
                to,
                job == null ? null : job.queuedAt(),
                null,
                to.endsTheJob() ? Instant.now() : null,
                null,
                new Detail(job, null, null, false, null, null, null, null, true));
    }

    /** True when the job is new: enqueued or scheduled by this change. */
    public boolean isNew() {
        return from == null;
    }

    public JobMessage job() {
        return detail.job();
    }

    /** With the run's context (for the CDI events); its start time becomes the change's. */
    public JobChange withRun(JobContext run) {
        return with(c -> {
            c.run = run;
            if (run != null) {
                c.startedAt = run.startedAt();
            }
        });
    }

    public JobChange withEndedAt(Instant at) {
        return with(c -> c.endedAt = at);
    }

    public JobChange withError(Throwable cause) {
        return with(c -> c.error = cause);
    }

    public JobChange withResult(Object result, boolean keepsResult) {
        return with(c -> {
            c.result = result;
            c.keepsResult = keepsResult;
        });
    }

    public JobChange withBody(String body) {
        return with(c -> c.body = body);
    }

    public JobChange withReason(String reason) {
        return with(c -> c.reason = reason);
    }

    public JobChange withRecordedArgs(String args) {
        return with(c -> c.argsForRecord = args == null ? null : () -> args);
    }

    /** With the args as the record keeps them, made only if a listener asks (records may be off). */
    public JobChange withRecordedArgsFrom(java.util.function.Supplier<String> args) {
        return with(c -> c.argsForRecord = args);
    }

    public JobChange withDueAt(long dueAt) {
        return with(c -> c.dueAt = dueAt);
    }

    public JobChange withAnnounced(boolean announced) {
        return with(c -> c.announced = announced);
    }

    /** This change with what {@code edit} sets on a copy of its fields. */
    private JobChange with(java.util.function.Consumer<Copy> edit) {
        Copy copy = new Copy(this);
        edit.accept(copy);
        return copy.build();
    }

    /** The fields of a change, to edit one or two of them. */
    private static final class Copy {
        private final JobChange of;
        Instant startedAt;
        Instant endedAt;
        Throwable error;
        JobContext run;
        Object result;
        boolean keepsResult;
        String body;
        String reason;
        java.util.function.Supplier<String> argsForRecord;
        Long dueAt;
        boolean announced;

        Copy(JobChange of) {
            this.of = of;
            this.startedAt = of.startedAt;
            this.endedAt = of.endedAt;
            this.error = of.error;
            Detail d = of.detail;
            this.run = d.run();
            this.result = d.result();
            this.keepsResult = d.keepsResult();
            this.body = d.body();
            this.reason = d.reason();
            this.argsForRecord = d.argsForRecord();
            this.dueAt = d.dueAt();
            this.announced = d.announced();
        }

        JobChange build() {
            return new JobChange(
                    of.application,
                    of.queue,
                    of.jobId,
                    of.type,
                    of.attempt,
                    of.from,
                    of.to,
                    of.enqueuedAt,
                    startedAt,
                    endedAt,
                    error,
                    new Detail(
                            of.detail.job(), run, result, keepsResult, body, reason, argsForRecord, dueAt, announced));
        }
    }
}
