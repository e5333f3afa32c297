package dev.roger.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What applications use: enqueue jobs and manage the applications (tenants) this instance serves.
 * Inject it with {@code @Inject RogerService roger;}.
 */
public interface RogerService {

    /**
     * Publishes a job and returns its id once the broker has confirmed it.
     *
     * @param args a value of the job type's argument type, or JSON for it (a {@code JsonValue})
     * @throws UnknownApplicationException no instance of the cluster has started the application (an
     *                                     instance may produce for an application it does not consume)
     * @throws UnknownJobTypeException no job type has that name
     * @throws InvalidJobException the args cannot be written or read as JSON, or the application has no such queue
     * @throws DuplicateJobException a job with the same queue key is queued in the application
     * @throws EnqueueFailedException the broker did not confirm the message
     */
    String enqueue(String application, String jobType, Object args, EnqueueOptions options);

    default String enqueue(String application, String jobType, Object args) {
        return enqueue(application, jobType, args, EnqueueOptions.DEFAULTS);
    }

    /**
     * Like {@link #enqueue} for producers of many jobs: the checks throw at once, the future completes
     * with the job id when the broker confirms (confirms then come in batches).
     */
    CompletableFuture<String> enqueueAsync(String application, String jobType, Object args, EnqueueOptions options);

    /**
     * Enqueues many jobs at once: each is checked and published, then one wait covers all their
     * confirms. The results are in the order of {@code jobs}; a job that fails its checks (a duplicate
     * queue key, say) or is not confirmed fails alone, the others are enqueued.
     *
     * @throws UnknownApplicationException no instance of the cluster has started the application
     */
    List<EnqueueResult> enqueueAll(String application, List<JobRequest> jobs);

    /** Starts an application with its queues and their concurrency, e.g. {@code {default=10, other=5}}. */
    void startApplication(String application, Map<String, Integer> queues);

    /**
     * Gives a running application a new, complete queue list: queues not named stop consuming on this
     * instance, a changed concurrency applies at once, and a concurrency of 0 stops consuming.
     */
    void reconfigureApplication(String application, Map<String, Integer> queues);

    /** Stops consuming; running jobs are interrupted and their messages return to their queues. */
    void stopApplication(String application);

    /** Stops taking new jobs and lets the running ones finish. */
    void safeStopApplication(String application);

    /** The applications of this instance with their queues. */
    List<ApplicationInfo> applications();

    /**
     * Cancels a job cluster-wide: a scheduled job is removed at once, a queued job is dropped when it is
     * dequeued, a running one is interrupted wherever it runs; either way {@link JobCancelled} fires once. Cancelling a finished
     * job is harmless. Cancels survive restarts.
     *
     * @throws UnknownJobException no instance of the cluster issued the id for the application (ids
     *                             are signed with the cluster key, so this needs no lookup)
     */
    void cancel(String application, String jobId);

    /** Stops every instance consuming the queue; its jobs stay queued. Survives restarts. */
    void pause(String application, String queue);

    void resume(String application, String queue);

    /**
     * Starts a purge of the queue on this instance (or returns the one running here already): the jobs
     * queued now are taken off the queue in the background, each job's record says {@code purged} and
     * its keys are released; the keys of the application's other jobs (scheduled, retrying, running)
     * stay. Follow it with {@link #purgeOf}.
     */
    QueuePurge purge(String application, String queue);

    /** The latest purge of the queue on any instance in the last ten minutes, if any. */
    java.util.Optional<QueuePurge> purgeOf(String application, String queue);

    /**
     * Up to {@code limit} queued jobs, oldest first, without taking them off the queue; truncated before
     * their messages exceed {@link Listing#BYTE_BUDGET}.
     */
    Listing<QueuedJob> queuedJobs(String application, String queue, int limit);

    /** Every live instance's applications and running jobs, gathered over the broadcast bus. */
    ClusterInfo clusterInfo();

    /** Whether the application has the queue: this instance runs it, or RabbitMQ has it. */
    boolean hasQueue(String application, String queue);

    /** The jobs running on this instance (no cluster round trip). */
    List<RunningJobInfo> runningJobs();

    /** The instances the cluster knows, alive or not. */
    List<InstanceStatus> instances();

    /**
     * How many of the application's jobs succeeded, failed, were retried and buried over the span
     * ending now, summed over every instance, its queues and job types: a point per minute for spans up
     * to a day ({@code PT1H}, {@code P1D}), per hour beyond ({@code P7D}). Kept across restarts for
     * {@code roger.history.minutes} and {@code roger.history.hours}.
     *
     * @throws IllegalArgumentException the span is not positive or longer than the history kept
     */
    JobHistory history(String application, java.time.Duration span);

    /** Like {@link #history(String, java.time.Duration)} for one of its queues. */
    JobHistory history(String application, String queue, java.time.Duration span);

    /** The name of this instance. */
    String instanceName();

    /**
     * Up to {@code limit} buried jobs of the queue, oldest first, with their last error (from the shared
     * database); truncated before their messages and errors exceed {@link Listing#BYTE_BUDGET}.
     */
    Listing<BuriedJob> buriedJobs(String application, String queue, int limit);

    /** Queues a buried job again with its retry count reset; false when no such job is buried. */
    boolean retryBuried(String application, String queue, String jobId);

    /** Queues every buried job of the queue again; returns how many. */
    int retryAllBuried(String application, String queue);

    /** Deletes a buried job for good; false when no such job is buried. */
    boolean deleteBuried(String application, String queue, String jobId);

    /**
     * Up to {@code limit} messages of the application that could not run, with the reason; truncated
     * before their body previews and reasons exceed {@link Listing#BYTE_BUDGET}.
     */
    Listing<ParkedMessage> parkedMessages(String application, int limit);

    /**
     * Publishes a parked message to its queue again (a job as a fresh job, with its keys checked, anything
     * else as it was) and removes it; false when there is none with that parked id.
     */
    boolean retryParked(String application, String parkedId);

    /** Deletes a parked message for good; false when there is none with that parked id. */
    boolean deleteParked(String application, String parkedId);

    /** The names of the job types this deployment knows. */
    List<String> jobTypes();

    /**
     * The application's jobs scheduled for later (with {@link EnqueueOptions#in} or {@link EnqueueOptions#at}),
     * soonest due first.
     */
    Page<ScheduledJob> scheduledJobs(String application, int offset, int limit);

    /**
     * Makes a scheduled job due now: it is published within about a second, and runs when its queue has
     * a free worker. False when no such job waits (it was published or cancelled already).
     */
    boolean runScheduledNow(String application, String jobId);

    /** Cancels a scheduled job: it is removed and {@link JobCancelled} fires; false when no such job waits. */
    boolean deleteScheduled(String application, String jobId);

    /** Moves a scheduled job to another time; false when no such job waits. */
    boolean reschedule(String application, String jobId, java.time.Instant at);

    /**
     * The application's failed jobs waiting for their next attempt, soonest first, with the attempt
     * number and the last error.
     */
    Page<ScheduledJob> retries(String application, int offset, int limit);

    /** Makes a job waiting for its retry due now; false when no such job waits. */
    boolean retryNow(String application, String jobId);

    /** Makes every job of the application waiting for its retry due now; returns how many. */
    int retryAllNow(String application);

    /** Gives up on a job waiting for its retry: it is removed and {@link JobCancelled} fires; false when no such job waits. */
    boolean deleteRetry(String application, String jobId);

    /**
     * Creates or replaces a recurring job: from now on it fires once per time of its cron expression in
     * the whole cluster, whichever instances are up. Returns it with its next fire.
     *
     * @throws UnknownApplicationException no instance of the cluster has started the application
     * @throws UnknownJobTypeException no job type has that name
     * @throws InvalidJobException the name, cron expression, args or the job type's queue is not acceptable
     * @throws ConfiguredRecurringJobException a recurring job of that name comes from the configuration
     */
    RecurringJob scheduleRecurring(String application, String name, RecurringSchedule schedule);

    /** The application's recurring jobs, by name. */
    List<RecurringJob> recurringJobs(String application);

    java.util.Optional<RecurringJob> recurringJob(String application, String name);

    /** The recurring job's recent fires, latest first (kept for a day, the latest always). */
    Page<RecurringFire> recurringFires(String application, String name, int offset, int limit);

    /** Stops firing it until resumed; false when there is no such recurring job. */
    boolean pauseRecurring(String application, String name);

    /** Fires it again from its next time after now; false when there is no such recurring job. */
    boolean resumeRecurring(String application, String name);

    /**
     * Enqueues its job now, outside its times (paused or not, overlapping or not); returns the job id, or
     * empty when there is no such recurring job.
     */
    java.util.Optional<String> runRecurringNow(String application, String name);

    /**
     * Deletes it (its jobs already enqueued still run); false when there is no such recurring job.
     *
     * @throws ConfiguredRecurringJobException it comes from the configuration
     */
    boolean deleteRecurring(String application, String name);

    /**
     * What happened to a job: its record, from any instance (see {@link JobRecord}). A change made on
     * this instance is visible at once, one made on another within about 200 ms.
     *
     * @throws UnknownJobException records are off for the application
     */
    java.util.Optional<JobRecord> job(String application, String jobId);

    /** The application's job records that match, latest change first. */
    Page<JobRecord> jobs(String application, JobQuery query, int offset, int limit);

    /**
     * Runs a job that failed for good (not retryable) again, from its message: false when no such job
     * failed (or its record is gone).
     */
    boolean retryFailed(String application, String jobId);

    /** How this instance's job records fare. */
    RecordsStatus recordsStatus();

    /** This instance's worker budget: jobs running and waiting for a place, by application. */
    WorkerBudgetStatus workerBudget();

    /**
     * Changes this instance's worker budget (1 to 10,000 jobs at once) until it stops; a larger one
     * starts waiting jobs at once, a smaller one lets running jobs end. {@code roger.workers.max} is the
     * lasting value.
     */
    WorkerBudgetStatus resizeWorkerBudget(int max);

    /**
     * Sets an application's weight (1 to 100): its share of this instance's worker budget against the
     * others' when the budget is the bottleneck. Remembered for this instance, over {@code roger.weights}.
     */
    void weighApplication(String application, int weight);

    /**
     * Sets a rate limit for the whole cluster: at most so many jobs of the queue (or, with {@code queue}
     * {@code null}, of all the application's queues together) start per second, minute or hour, on all
     * instances together. Jobs over it wait, unstarted and taking no worker, until the next period.
     * Kept in the database, over what {@code roger.applications} says; {@code limit} {@code null} lifts it.
     *
     * @throws UnknownApplicationException a name breaks the naming rule, or no instance started the queue
     */
    void limitRate(String application, String queue, RateLimit limit);
}
