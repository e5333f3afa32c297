package dev.roger.records;

import dev.roger.api.JobRecord;
import dev.roger.config.RecordSettings;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Turns each change of a job's life into the change of its record, for the {@link RecordWriter}. */
final class JobRecorder {

    /** roger_job.job_id; the ids Roger issues are far shorter. */
    static final int MAX_JOB_ID_LENGTH = 200;

    private static final int STACK_CHARS = 2_000;

    private final RecordSettings settings;
    private final String instance;
    private final RecordWriter writer;
    private final ArgsCodec argsCodec;

    JobRecorder(RecordSettings settings, String instance, RecordWriter writer, ArgsCodec argsCodec) {
        this.settings = settings;
        this.instance = instance;
        this.writer = writer;
        this.argsCodec = argsCodec;
    }

    private void add(String application, String jobId, JobState state, int attempt, Change fields) {
        if (!settings.isOn(application)) {
            return;
        }
        writer.add(fields.build(application, jobId, state, attempt, false), holds(state));
    }

    /**
     * Whether a change is held before it is written (see {@link RecordWriter#HOLD}): one a later change
     * of the job soon replaces (queued, running, progress). A schedule, a retry's wait and an end are
     * written at once.
     */
    private static boolean holds(JobState state) {
        return state == JobState.QUEUED || state == JobState.RUNNING;
    }

    /** The fields a change knows; the rest stay null. */
    private static final class Change {
        String queue;
        String type;
        Long enqueuedAt;
        Long dueAt;
        Long startedAt;
        Long finishedAt;
        String instance;
        String lastError;
        String errorStack;
        String result;
        String args;
        String body;
        Integer progress;
        String progressMessage;
        boolean first;

        static Change of(String queue, JobMessage job) {
            Change change = new Change();
            change.queue = queue;
            change.type = job.type();
            change.enqueuedAt = job.queuedAt().toEpochMilli();
            return change;
        }

        RecordChange build(String application, String jobId, JobState state, int attempt, boolean reopen) {
            return new RecordChange(
                    application,
                    jobId,
                    queue,
                    type,
                    state.storedName(),
                    Ranks.of(state, attempt),
                    reopen,
                    first,
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
                    System.currentTimeMillis());
        }
    }

    /** Writes what the change tells of the job into its record (nothing for an application with records off). */
    void changed(JobChange c) {
        JobMessage job = c.job();
        if (job == null || !settings.isOn(c.application()) || job.id().length() > MAX_JOB_ID_LENGTH) {
            // an id longer than any Roger issues is a foreign message's: it has no record to write
            return;
        }
        String application = c.application();
        String queue = c.queue();
        switch (c.to()) {
            case SCHEDULED ->
                scheduled(
                        application, queue, job, c.detail().dueAt(), c.detail().recordedArgs());
            case QUEUED -> {
                if (c.isNew()) {
                    queued(application, queue, job, c.detail().recordedArgs());
                } else if (c.from() == JobState.SCHEDULED || c.from() == JobState.RETRYING) {
                    due(application, queue, job);
                } else if (c.from() == JobState.BURIED || c.from() == JobState.PARKED || c.from() == JobState.FAILED) {
                    requeued(application, queue, job);
                }
                // back in its queue after its run stopped: its record keeps saying running until it runs again
            }
            case RUNNING -> started(application, queue, job, c.detail().recordedArgs());
            case SUCCEEDED ->
                succeeded(
                        application,
                        queue,
                        job,
                        c.detail().keepsResult() ? resultJson(c.detail().result()) : null);
            case RETRYING, BURIED, FAILED ->
                failed(
                        application,
                        queue,
                        job,
                        c.attempt(),
                        c.to(),
                        c.error(),
                        c.detail().body(),
                        c.detail().dueAt());
            case CANCELLED -> cancelled(application, queue, job, c.attempt(), JobState.CANCELLED);
            case PURGED -> cancelled(application, queue, job, c.attempt(), JobState.PURGED);
            case PARKED -> parked(application, queue, job, c.detail().reason());
            default -> {
                // the key tables' own steps (reserved, enqueuing, waiting for the key): not in a record
            }
        }
    }

    /** A job's result as JSON for its record; null when JSON-B cannot write it. */
    private String resultJson(Object result) {
        if (result == null) {
            return null;
        }
        if (result instanceof jakarta.json.JsonValue json) {
            return json.toString();
        }
        try {
            return argsCodec.toJson(result).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stored to run later; {@code args} as the type lets them be kept (null: not kept). */
    private void scheduled(String application, String queue, JobMessage job, long dueAt, String args) {
        Change change = Change.of(queue, job);
        change.dueAt = dueAt;
        change.args = args;
        change.first = true;
        add(application, job.id(), JobState.SCHEDULED, job.retryCount(), change);
    }

    /** Enqueued: its message is with the broker (confirmed). */
    private void queued(String application, String queue, JobMessage job, String args) {
        Change change = Change.of(queue, job);
        change.args = args;
        change.first = true;
        add(application, job.id(), JobState.QUEUED, job.retryCount(), change);
    }

    /** A scheduled job's time came: its message is with the broker (confirmed). */
    private void due(String application, String queue, JobMessage job) {
        add(application, job.id(), JobState.QUEUED, job.retryCount(), Change.of(queue, job));
    }

    /** An operator runs a job that ended (buried, parked, failed) again: its record opens again. */
    private void requeued(String application, String queue, JobMessage job) {
        Change change = Change.of(queue, job);
        writer.add(change.build(application, job.id(), JobState.QUEUED, job.retryCount(), true));
    }

    /**
     * {@code args} as the type keeps them: the instance that enqueued the job may never write its
     * record (it ends here first), so the record this instance writes tells what the enqueue's would.
     */
    private void started(String application, String queue, JobMessage job, String args) {
        Change change = Change.of(queue, job);
        long now = System.currentTimeMillis();
        change.startedAt = now;
        change.instance = instance;
        change.args = args;
        // most likely no record yet (a first run, soon after its enqueue): inserted, merged if there is one
        change.first = job.retryCount() == 0 && now - job.queuedAt().toEpochMilli() < RecordWriter.HOLD.toMillis();
        add(application, job.id(), JobState.RUNNING, job.retryCount(), change);
    }

    /** {@code result} as JSON, null when the type opts out or it is too large. */
    private void succeeded(String application, String queue, JobMessage job, String result) {
        Change change = Change.of(queue, job);
        change.finishedAt = System.currentTimeMillis();
        change.result = result != null && result.length() <= JobRecord.MAX_RESULT_CHARS ? result : null;
        add(application, job.id(), JobState.SUCCEEDED, job.retryCount(), change);
    }

    /**
     * A run failed: the job waits for its retry ({@link JobState#RETRYING}, due at {@code dueAt}), is
     * buried, or failed for good ({@link JobState#FAILED}, when {@code body} keeps its message for an
     * operator's retry).
     */
    private void failed(
            String application,
            String queue,
            JobMessage job,
            int attempt,
            JobState outcome,
            Throwable error,
            String body,
            Long dueAt) {
        Change change = Change.of(queue, job);
        if (outcome != JobState.RETRYING) {
            change.finishedAt = System.currentTimeMillis();
        }
        if (error != null) {
            change.lastError = cap(
                    error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage()), 4_000);
            change.errorStack = stack(error);
        }
        change.body = body;
        change.dueAt = dueAt;
        add(application, job.id(), outcome, attempt, change);
    }

    /** Ended before it ran to its end: cancelled, or purged from its queue. */
    private void cancelled(String application, String queue, JobMessage job, int attempt, JobState state) {
        Change change = Change.of(queue, job);
        change.finishedAt = System.currentTimeMillis();
        add(application, job.id(), state, attempt, change);
    }

    /** Set aside for an operator; {@code job} null when the message could not be read as a job. */
    private void parked(String application, String queue, JobMessage job, String reason) {
        Change change = Change.of(queue, job);
        change.finishedAt = System.currentTimeMillis();
        change.lastError = reason == null ? null : cap(reason, 4_000);
        add(application, job.id(), JobState.PARKED, job.retryCount(), change);
    }

    /** Progress a running job reported. */
    void progress(String application, String queue, JobMessage job, int percent, String message) {
        Change change = Change.of(queue, job);
        change.progress = Math.max(0, Math.min(100, percent));
        change.progressMessage = message == null ? "" : cap(message, 200);
        add(application, job.id(), JobState.RUNNING, job.retryCount(), change);
    }

    private static String cap(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }

    private static String stack(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        return cap(text.toString(), STACK_CHARS);
    }
}
