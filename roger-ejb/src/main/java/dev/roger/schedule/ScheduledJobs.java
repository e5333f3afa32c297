package dev.roger.schedule;

import dev.roger.admission.Admission;
import dev.roger.amqp.Publisher;
import dev.roger.api.JobContext;
import dev.roger.api.Page;
import dev.roger.api.ScheduledJob;
import dev.roger.job.ArgsCodec;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.job.JobTypes;
import dev.roger.keys.JobKeys;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import dev.roger.worker.JobRouting;
import dev.roger.worker.RetryScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jobs that wait in the shared database until they are due: scheduled ones, and failed ones waiting
 * for their next attempt. Scheduling holds the job's queue key at once; its execution key's turn is
 * taken when it falls due. Any instance publishes due jobs; a new job due sooner than this instance
 * planned to look wakes its claimer, and {@code announce} wakes the others through the bus.
 */
public final class ScheduledJobs implements RetryScheduler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class.getName());

    /** Who owns what a job type's args decode into, for the cancelled event. */
    public record ArgsReading(JobTypes jobTypes, ArgsCodec argsCodec) {}

    private final ScheduledStore store;
    private final JobKeys keys;
    private final JobCodec codec;
    private final ArgsReading events;
    private final LongConsumer announce;
    private final DueJobClaimer claimer;
    private final JobLifecycle lifecycle;

    /**
     * @param announce tells the other instances that a job falls due at the given time (epoch ms, the
     *     database's clock)
     */
    public ScheduledJobs(
            ScheduledStore store,
            JobKeys keys,
            Publisher publisher,
            Admission admission,
            JobCodec codec,
            JobRouting routing,
            ArgsReading events,
            ScheduledExecutorService timer,
            LongConsumer announce,
            JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.keys = keys;
        this.codec = codec;
        this.events = events;
        this.announce = announce;
        DuePublisher due = new DuePublisher(publisher, codec, admission, routing, keys, lifecycle);
        this.claimer = new DueJobClaimer(store, due::publish, timer);
    }

    public void start() {
        claimer.start();
    }

    /**
     * Stores the job to run at {@code at}, or {@code delayMillis} after the database's now when
     * {@code at} is null; returns once the row is committed. Its queue key is held from now on.
     */
    public void schedule(
            String application,
            String queue,
            JobMessage job,
            byte[] body,
            Instant at,
            long delayMillis,
            String recordedArgs) {
        keys.reserveQueueKey(application, queue, job);
        long dueAt;
        try {
            dueAt = store.add(
                    new ScheduledRow(
                            0,
                            application,
                            queue,
                            job.id(),
                            job.type(),
                            JobState.SCHEDULED,
                            at == null ? -1 : at.toEpochMilli(),
                            job.retryCount(),
                            null,
                            new String(body, StandardCharsets.UTF_8),
                            0),
                    delayMillis);
        } catch (RuntimeException e) {
            keys.releaseQueueKey(application, job);
            throw e;
        }
        keys.confirmQueueKey(application, job);
        lifecycle.change(JobChange.of(application, queue, job, null, JobState.SCHEDULED)
                .withDueAt(dueAt)
                .withRecordedArgs(recordedArgs));
        dueSoonerPerhaps(dueAt);
    }

    /**
     * A failed job waits for its next attempt here, listed among the application's retries with its
     * error. A redelivered failure (its first outcome was not acknowledged) keeps the first row.
     */
    @Override
    public long retryLater(String application, String queue, JobMessage next, Duration delay, String lastError) {
        long dueAt = store.add(
                new ScheduledRow(
                        0,
                        application,
                        queue,
                        next.id(),
                        next.type(),
                        JobState.RETRYING,
                        -1,
                        next.retryCount(),
                        lastError,
                        new String(codec.encode(next), StandardCharsets.UTF_8),
                        0),
                delay.toMillis());
        dueSoonerPerhaps(dueAt);
        return dueAt;
    }

    /** Wakes this instance's claimer for a job due at {@code dueAt}; the bus tells the others when it is sooner than planned here. */
    private void dueSoonerPerhaps(long dueAt) {
        if (claimer.wake(dueAt)) {
            try {
                announce.accept(dueAt);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "the other instances find the job on their next look", e);
            }
        }
    }

    /** The bus says a job falls due at {@code dueAt} (epoch ms, the database's clock). */
    public void dueAt(long dueAt) {
        claimer.wake(dueAt);
    }

    /**
     * Removes a waiting job (scheduled, or waiting for its retry) and fires {@link JobCancelled} for it,
     * once, whoever else cancels it at the same moment; its keys are released. False when no such job
     * waits as {@code kind} ({@link JobState#SCHEDULED}, {@link JobState#RETRYING}, or null for either):
     * it was published already (cancel it as a queued job), is of the other kind, or never existed.
     */
    public boolean cancel(String application, String jobId, JobState kind) {
        return store.remove(application, jobId, kind)
                .map(row -> {
                    cancelled(row);
                    return true;
                })
                .orElse(false);
    }

    private void cancelled(ScheduledRow row) {
        JobMessage job;
        try {
            job = codec.decode(row.body().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException e) {
            LOG.warning(() -> "cancelled scheduled job " + row.jobId() + " cannot be read back (" + e.getMessage()
                    + "); no event fires for it");
            return;
        }
        try {
            keys.release(row.application(), job);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the keys of cancelled job " + row.jobId() + " are released by the recovery", e);
        }
        LOG.info(() -> "scheduled job " + row.jobId() + " (" + row.type() + ") is cancelled");
        lifecycle.change(JobChange.of(row.application(), row.queue(), job, row.state(), JobState.CANCELLED)
                .withRun(new JobContext(
                        row.application(),
                        row.queue(),
                        job.id(),
                        job.type(),
                        args(job),
                        job.retryCount(),
                        job.queuedAt(),
                        Instant.now(),
                        new HashMap<>())));
    }

    /** The args as the job type reads them; as JSON when the type is gone or cannot read them. */
    private Object args(JobMessage job) {
        return events.jobTypes()
                .find(job.type())
                .map(type -> {
                    try {
                        return events.argsCodec().fromJson(job.args(), type.argsType());
                    } catch (IllegalArgumentException e) {
                        return (Object) job.args();
                    }
                })
                .orElse(job.args());
    }

    /** Makes the job waiting as {@code kind} due now; false when no such job waits. */
    public boolean runNow(String application, String jobId, JobState kind) {
        if (!store.move(application, jobId, kind, -1)) {
            return false;
        }
        dueSoonerPerhaps(store.now());
        return true;
    }

    /** Moves the scheduled job to another time; false when no such job is scheduled. */
    public boolean move(String application, String jobId, Instant at) {
        if (!store.move(application, jobId, JobState.SCHEDULED, at.toEpochMilli())) {
            return false;
        }
        dueSoonerPerhaps(at.toEpochMilli());
        return true;
    }

    /** Makes every job of the application waiting for its retry due now; returns how many. */
    public int retryAllNow(String application) {
        int count = store.dueNow(application, JobState.RETRYING);
        if (count > 0) {
            dueSoonerPerhaps(store.now());
        }
        return count;
    }

    public Page<ScheduledJob> scheduled(String application, int offset, int limit) {
        return page(application, JobState.SCHEDULED, offset, limit);
    }

    public Page<ScheduledJob> retries(String application, int offset, int limit) {
        return page(application, JobState.RETRYING, offset, limit);
    }

    private Page<ScheduledJob> page(String application, JobState state, int offset, int limit) {
        List<ScheduledJob> items = store.list(application, state, offset, limit).stream()
                .map(this::view)
                .toList();
        return new Page<>(items, offset, store.count(application, state));
    }

    private ScheduledJob view(ScheduledRow row) {
        String args;
        try {
            args = codec.decode(row.body().getBytes(StandardCharsets.UTF_8))
                    .args()
                    .toString();
        } catch (InvalidMessageException e) {
            args = "(unreadable: " + e.getMessage() + ")";
        }
        return new ScheduledJob(
                row.jobId(),
                row.application(),
                row.queue(),
                row.type(),
                Instant.ofEpochMilli(row.dueAt()),
                row.attempt(),
                row.lastError(),
                args.length() > ScheduledJob.PREVIEW_LENGTH ? args.substring(0, ScheduledJob.PREVIEW_LENGTH) : args,
                row.publishFailures());
    }

    @Override
    public void close() {
        claimer.close();
    }
}
