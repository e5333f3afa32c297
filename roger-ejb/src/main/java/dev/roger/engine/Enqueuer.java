package dev.roger.engine;

import dev.roger.admission.Admission;
import dev.roger.amqp.PublishFailedException;
import dev.roger.amqp.PublishLane;
import dev.roger.amqp.Publisher;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.EnqueueResult;
import dev.roger.api.InvalidJobException;
import dev.roger.api.JobRequest;
import dev.roger.api.RogerException;
import dev.roger.api.UnknownJobTypeException;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.job.JobTypes;
import dev.roger.job.JobTypes.JobInstance;
import dev.roger.job.MessageLimit;
import dev.roger.job.RegisteredJobType;
import dev.roger.lifecycle.JobChange;
import dev.roger.quota.Quotas;
import dev.roger.schedule.Horizon;
import dev.roger.schedule.ScheduledJobs;
import dev.roger.worker.Workers;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Checks a job completely, then publishes it; nothing is published for a job that would not run. */
final class Enqueuer {

    /** The longest queue or execution key: the width of the key tables' columns. */
    static final int MAX_KEY_LENGTH = 500;

    private final JobIds ids;

    private final KnownQueues queues;
    private final JobTypes jobTypes;
    private final ArgsCodec argsCodec;
    private final JobCodec codec;
    private final Publisher publisher;
    private final Admission admission;
    private final ScheduledJobs scheduled;
    private final Predicate<String> recordsOn;
    private final Horizon horizon;
    private final MessageLimit messageLimit;
    private final Quotas quotas;

    /** @param recordsOn true for an application whose jobs get a record (their args are kept for it) */
    Enqueuer(
            KnownQueues queues,
            Workers.Reading reading,
            Publisher publisher,
            Admission admission,
            ScheduledJobs scheduled,
            JobIds ids,
            Predicate<String> recordsOn,
            Horizon horizon,
            MessageLimit messageLimit,
            Quotas quotas) {
        this.quotas = quotas;
        this.recordsOn = recordsOn;
        this.horizon = horizon;
        this.messageLimit = messageLimit;
        this.admission = admission;
        this.queues = queues;
        this.ids = ids;
        this.jobTypes = reading.jobTypes();
        this.argsCodec = reading.argsCodec();
        this.codec = reading.codec();
        this.publisher = publisher;
        this.scheduled = scheduled;
    }

    String enqueue(String application, String typeName, Object args, EnqueueOptions options) {
        return await(enqueueAsync(application, typeName, args, options));
    }

    private String await(CompletableFuture<String> published) {
        return await(published, publisher.deadline());
    }

    /** The job id once confirmed; what failed it as the user sees it (a RogerException passes as it is). */
    private String await(CompletableFuture<String> published, long deadline) {
        try {
            return publisher.await(published, deadline);
        } catch (PublishFailedException e) {
            if (e.getCause() instanceof RogerException roger) {
                throw roger;
            }
            throw new EnqueueFailedException(e.getMessage(), e.getCause());
        }
    }

    /**
     * A job with a time, or a delay of at least a millisecond, waits in the database; a delay of 0 runs now.
     * Either, not both.
     */
    private boolean isScheduled(EnqueueOptions options) {
        if (options.delay() != null && options.at() != null) {
            throw new InvalidJobException("give the job a delay or a time to run at, not both");
        }
        if (options.delay() != null && options.delay().isNegative()) {
            throw new InvalidJobException("the delay must not be negative, not " + options.delay());
        }
        if (options.delay() != null) {
            horizon.checkDelay(options.delay());
        }
        if (options.at() != null) {
            horizon.checkTime(options.at(), Instant.now());
        }
        return options.at() != null
                || (options.delay() != null && options.delay().toMillis() > 0);
    }

    /**
     * Validates now (throwing at once), then completes with the job id when the broker confirms, or,
     * for a job to run later, once the database stored it.
     */
    CompletableFuture<String> enqueueAsync(String application, String typeName, Object args, EnqueueOptions options) {
        boolean later = isScheduled(options);
        Checked checked = check(application, typeName, args, options.queue());
        // after the job's own checks: a bad job is told what is wrong with it, also over its quota
        quotas.check(application);
        JobMessage job = checked.job();
        byte[] body = messageLimit.check(codec.encode(job));
        if (later) {
            scheduled.schedule(
                    application,
                    checked.queue(),
                    job,
                    body,
                    options.at(),
                    options.delay() == null ? 0 : options.delay().toMillis(),
                    checked.recordedArgs());
            return CompletableFuture.completedFuture(job.id());
        }
        return publish(application, checked.queue(), job, body, checked.recordedArgs(), null);
    }

    /**
     * A job that passed every check, the queue it goes to, and its args as its record keeps them (null:
     * the type keeps none).
     */
    record Checked(String queue, JobMessage job, String recordedArgs) {}

    /** Every check of an enqueue; builds the job (with a new id) and publishes nothing. */
    Checked check(String application, String typeName, Object args, String queueOption) {
        queues.requireApplication(application);
        RegisteredJobType type = jobTypes.find(typeName)
                .orElseThrow(() -> new UnknownJobTypeException(
                        "no job type named '" + typeName + "'; known types: " + jobTypes.names()));
        JsonValue json;
        Object typedArgs;
        try {
            json = argsCodec.toJson(args);
            // decoding proves the worker can read the args; it also feeds the hooks that read them
            typedArgs = argsCodec.fromJson(json, type.argsType());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("the args of job type '" + typeName + "' " + e.getMessage(), e);
        }
        JobMessage job;
        String queue;
        String recordedArgs = null;
        try (JobInstance instance = jobTypes.instantiate(type)) {
            queue = queueOption != null ? queueOption : instance.job().queue(typedArgs);
            if (recordsOn.test(application)) {
                recordedArgs = instance.recordedArgs(json, typedArgs, argsCodec);
            }
            job = type.readsArgsAtEnqueue()
                    ? new JobMessage(
                            ids.next(application),
                            type.name(),
                            json,
                            instance.job().queueKey(typedArgs),
                            instance.job().executionKey(typedArgs),
                            0,
                            Instant.now())
                    : new JobMessage(ids.next(application), type.name(), json, null, null, 0, Instant.now());
        }
        checkKey("queue key", job.queueKey());
        checkKey("execution key", job.executionKey());
        if (queue == null || !queues.has(application, queue)) {
            throw new InvalidJobException("application '" + application + "' has no queue '" + queue + "'; its queues: "
                    + queues.of(application));
        }
        return new Checked(queue, job, recordedArgs);
    }

    /** A key longer than the database keeps ({@code roger_queue_key.queue_key}) is refused, not cut. */
    private static void checkKey(String what, String key) {
        if (key != null && key.length() > MAX_KEY_LENGTH) {
            throw new InvalidJobException(
                    "the job's " + what + " is " + key.length() + " characters, more than " + MAX_KEY_LENGTH);
        }
    }

    /**
     * Publishes a recurring job's fire under the given id, with {@code executionKey} in place of the
     * type's own when not null; returns once the broker confirmed it.
     */
    void enqueueFire(String application, String typeName, JsonValue args, String jobId, String executionKey) {
        Checked checked = check(application, typeName, args, null);
        JobMessage job = checked.job();
        JobMessage fire = new JobMessage(
                jobId,
                job.type(),
                job.args(),
                job.queueKey(),
                executionKey != null ? executionKey : job.executionKey(),
                0,
                job.queuedAt());
        await(publish(
                application,
                checked.queue(),
                fire,
                messageLimit.check(codec.encode(fire)),
                checked.recordedArgs(),
                null));
    }

    /**
     * Checks and publishes every job first, then waits once for all the confirms: the broker confirms
     * a batch about as fast as one job. Each job fails alone.
     */
    List<EnqueueResult> enqueueAll(String application, List<JobRequest> jobs) {
        queues.requireApplication(application);
        List<CompletableFuture<String>> published = new ArrayList<>(jobs.size());
        for (JobRequest job : jobs) {
            try {
                published.add(enqueueAsync(
                        application,
                        job.jobType(),
                        job.args(),
                        job.options() == null ? EnqueueOptions.DEFAULTS : job.options()));
            } catch (RogerException e) {
                published.add(CompletableFuture.failedFuture(e));
            } catch (RuntimeException e) {
                // a hook of the job type threw: this job fails, the others go on
                published.add(CompletableFuture.failedFuture(
                        new InvalidJobException("job type '" + job.jobType() + "' could not check the job: " + e, e)));
            }
        }
        long deadline = publisher.deadline();
        List<EnqueueResult> results = new ArrayList<>(jobs.size());
        for (CompletableFuture<String> job : published) {
            try {
                results.add(EnqueueResult.enqueued(await(job, deadline)));
            } catch (RogerException e) {
                results.add(EnqueueResult.failed(e));
            }
        }
        return results;
    }

    /** Puts a job (a buried one an operator retries) on its queue again, with its keys checked like an enqueue. */
    void requeue(String application, String queue, JobMessage job, JobState from) {
        // not checked against roger.max-message-bytes: the job is in Roger already
        await(publish(application, queue, job, codec.encode(job), null, from));
    }

    /** Runs a job that failed for good again, from the message its record kept. */
    void retryFailed(String application, String queue, String body) {
        JobMessage job;
        try {
            job = codec.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (dev.roger.job.InvalidMessageException e) {
            throw new InvalidJobException("the failed job's message cannot be read back: " + e.getMessage(), e);
        }
        requeue(application, queue, job.withRetryCount(0), JobState.FAILED);
    }

    /**
     * {@code recordedArgs} are what the job's record keeps of its args (null: none, or kept already);
     * {@code from} the state the job leaves, null for a new job; {@code body} its message.
     */
    private CompletableFuture<String> publish(
            String application, String queue, JobMessage job, byte[] body, String recordedArgs, JobState from) {
        return admission.admit(
                PublishLane.JOBS,
                Admission.Keys.NEW,
                JobChange.of(application, queue, job, from, JobState.QUEUED).withRecordedArgs(recordedArgs),
                body);
    }
}
