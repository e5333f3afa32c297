package dev.roger.records;

import dev.roger.api.JobQuery;
import dev.roger.api.JobRecord;
import dev.roger.api.Page;
import dev.roger.api.RecordsStatus;
import dev.roger.cluster.LeaseStore;
import dev.roger.config.RecordSettings;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every job's record, from its enqueue or schedule to its end. The engine reports each step here; the
 * changes are written in batches by a {@link RecordWriter}, so a job never waits for the database.
 * A record is visible on the instance that made the change at once, and on the others once its batch
 * is written (within about {@link RecordWriter#LINGER} plus the write).
 */
public final class JobRecords implements JobListener, AutoCloseable {

    /** roger_job.job_id; the ids Roger issues are far shorter. */
    static final int MAX_JOB_ID_LENGTH = 200;

    private static final Logger LOG = Logger.getLogger(JobRecords.class.getName());

    /** Records deleted per transaction by the clean-up, so jobs writing records meanwhile are not held up. */
    static final int CLEAN_UP_BATCH = 500;

    /** The longest time between two clean-ups; shorter when records are kept for less than two minutes. */
    static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(1);

    private static final int STACK_CHARS = 2_000;

    private final RecordStore store;
    private final LeaseStore leases;
    private final RecordSettings settings;
    private final String instance;
    private final RecordWriter writer;
    private final ArgsCodec argsCodec;
    private final JobIds ids;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> cleanUp;

    public JobRecords(
            RecordStore store,
            LeaseStore leases,
            RecordSettings settings,
            String instance,
            ArgsCodec argsCodec,
            JobIds ids,
            ThreadFactory threads,
            ScheduledExecutorService timer) {
        this.argsCodec = argsCodec;
        this.ids = ids;
        this.store = store;
        this.leases = leases;
        this.settings = settings;
        this.instance = instance;
        this.timer = timer;
        this.writer = new RecordWriter(store, settings.buffer(), threads);
    }

    public void start() {
        writer.start();
        long every = Math.max(
                1_000,
                Math.min(CLEAN_UP_EVERY.toMillis(), settings.keepSucceeded().toMillis() / 2));
        cleanUp = timer.scheduleWithFixedDelay(this::cleanUp, every, every, TimeUnit.MILLISECONDS);
    }

    public boolean isOn(String application) {
        return settings.isOn(application);
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
    @Override
    public void changed(JobChange c) {
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
    public void progress(String application, String queue, JobMessage job, int percent, String message) {
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

    /**
     * How long a job Roger issued an id for may have no record in the database while it lives: a change
     * is held up to {@link RecordWriter#HOLD}, then written within about a second (more while the
     * database is slow), and clocks of instances differ a little.
     */
    static final Duration QUEUED_WITHOUT_RECORD = RecordWriter.HOLD.plusSeconds(5);

    /**
     * The record, with what this instance has not written yet laid over what the database holds. A job
     * with neither, whose id an instance issued less than {@link #QUEUED_WITHOUT_RECORD} ago (and less
     * than records are kept), is queued since that time: its enqueue's change is held on the instance
     * that made it.
     */
    public Optional<JobRecord> find(String application, String jobId) {
        Optional<RecordChange> unwritten = writer.unwritten(application, jobId);
        Optional<JobRecord> stored = store.find(application, jobId);
        if (unwritten.isPresent()) {
            return Optional.of(overlay(stored.orElse(null), unwritten.get()));
        }
        if (stored.isPresent()) {
            return stored;
        }
        return ids.issuedAt(application, jobId)
                .filter(issued -> issued.isAfter(Instant.now().minus(queuedWithoutRecord())))
                .map(issued -> queuedSince(application, jobId, issued));
    }

    /**
     * At most as long as records are kept: a record the clean-up deleted ended at least that long
     * after its id was issued, so its id is never taken for a queued job's.
     */
    private Duration queuedWithoutRecord() {
        Duration window = QUEUED_WITHOUT_RECORD;
        for (Duration keep : List.of(settings.keepSucceeded(), settings.keepFailed())) {
            if (keep.compareTo(window) < 0) {
                window = keep;
            }
        }
        return window;
    }

    private static JobRecord queuedSince(String application, String jobId, Instant issued) {
        return new JobRecord(
                jobId,
                application,
                null,
                null,
                "queued",
                issued,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                -1,
                null,
                issued);
    }

    /** As the database will apply the change: forward only, so a change behind the stored record only fills in. */
    private static JobRecord overlay(JobRecord stored, RecordChange c) {
        if (stored != null && !c.reopen() && c.rank() < rank(stored)) {
            return fillIn(stored, c);
        }
        return new JobRecord(
                c.jobId(),
                c.application(),
                or(c.queue(), stored == null ? null : stored.queue()),
                or(c.type(), stored == null ? null : stored.type()),
                JobState.fromStoredName(c.state()).name().toLowerCase(Locale.ROOT),
                time(c.enqueuedAt(), stored == null ? null : stored.enqueuedAt()),
                time(c.dueAt(), stored == null ? null : stored.dueAt()),
                time(c.startedAt(), stored == null ? null : stored.startedAt()),
                time(c.finishedAt(), stored == null ? null : stored.finishedAt()),
                c.attempt() != null ? c.attempt() : stored == null ? 0 : stored.attempt(),
                or(c.instance(), stored == null ? null : stored.instance()),
                or(c.lastError(), stored == null ? null : stored.lastError()),
                or(c.errorStack(), stored == null ? null : stored.errorStack()),
                or(c.result(), stored == null ? null : stored.result()),
                or(c.args(), stored == null ? null : stored.args()),
                c.progress() != null ? c.progress() : stored == null ? -1 : stored.progress(),
                or(c.progressMessage(), stored == null ? null : stored.progressMessage()),
                Instant.ofEpochMilli(c.updatedAt()));
    }

    private static long rank(JobRecord record) {
        return Ranks.of(JobState.valueOf(record.state().toUpperCase(Locale.ROOT)), record.attempt());
    }

    /** The stored record ahead of what this instance holds (another instance ran the job on): it only fills in. */
    private static JobRecord fillIn(JobRecord stored, RecordChange c) {
        return new JobRecord(
                stored.id(),
                stored.application(),
                or(stored.queue(), c.queue()),
                or(stored.type(), c.type()),
                stored.state(),
                or(stored.enqueuedAt(), time(c.enqueuedAt(), null)),
                or(stored.dueAt(), time(c.dueAt(), null)),
                or(stored.startedAt(), time(c.startedAt(), null)),
                or(stored.finishedAt(), time(c.finishedAt(), null)),
                stored.attempt(),
                or(stored.instance(), c.instance()),
                or(stored.lastError(), c.lastError()),
                or(stored.errorStack(), c.errorStack()),
                or(stored.result(), c.result()),
                or(stored.args(), c.args()),
                stored.progress(),
                or(stored.progressMessage(), c.progressMessage()),
                stored.updatedAt());
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static Instant time(Long millis, Instant fallback) {
        return millis != null ? Instant.ofEpochMilli(millis) : fallback;
    }

    public Page<JobRecord> list(String application, JobQuery query, int offset, int limit) {
        JobQuery q = query == null ? JobQuery.ALL : query;
        List<JobRecord> items = store.list(application, q.state(), q.queue(), q.type(), offset, limit);
        return new Page<>(items, offset, store.count(application, q.state(), q.queue(), q.type()));
    }

    /** The message of a job that failed for good, for an operator's retry. */
    public Optional<String> failedBody(String application, String jobId) {
        return store.failedBody(application, jobId);
    }

    /** Written, dropped (buffer full, or left at shutdown) and waiting changes on this instance. */
    public RecordsStatus status() {
        RecordWriter.Counts counts = writer.counts();
        return new RecordsStatus(counts.written(), counts.waiting(), counts.dropped());
    }

    /** Deletes expired records in small batches, on the one instance that holds the lease. */
    void cleanUp() {
        try {
            if (!leases.take("records-clean-up", instance, CLEAN_UP_EVERY.multipliedBy(2))) {
                // another instance cleans up; it keeps the lease while it lives
                return;
            }
            long now = System.currentTimeMillis();
            RecordStore.Expiry expiry = new RecordStore.Expiry(
                    now - settings.keepSucceeded().toMillis(),
                    now - settings.keepFailed().toMillis(),
                    now - settings.keepUnfinished().toMillis());
            int total = 0;
            String from = "";
            do {
                RecordStore.Deleted deleted = store.deleteExpired(from, expiry, CLEAN_UP_BATCH);
                total += deleted.count();
                from = deleted.nextApplication();
            } while (from != null);
            if (total > 0) {
                int count = total;
                LOG.info(() -> "deleted " + count + " expired job record(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete expired job records; trying again in a minute: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (cleanUp != null) {
            cleanUp.cancel(false);
        }
        writer.close();
    }
}
