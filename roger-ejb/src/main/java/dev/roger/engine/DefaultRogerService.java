package dev.roger.engine;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.BuriedJob;
import dev.roger.api.ClusterInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.EnqueueResult;
import dev.roger.api.InstanceStatus;
import dev.roger.api.InvalidJobException;
import dev.roger.api.JobHistory;
import dev.roger.api.JobQuery;
import dev.roger.api.JobRecord;
import dev.roger.api.JobRequest;
import dev.roger.api.Listing;
import dev.roger.api.Page;
import dev.roger.api.ParkedMessage;
import dev.roger.api.QueuePurge;
import dev.roger.api.QueuedJob;
import dev.roger.api.RateLimit;
import dev.roger.api.RecordsStatus;
import dev.roger.api.RecurringFire;
import dev.roger.api.RecurringJob;
import dev.roger.api.RecurringSchedule;
import dev.roger.api.RogerService;
import dev.roger.api.RunningJobInfo;
import dev.roger.api.ScheduledJob;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.UnknownJobException;
import dev.roger.api.WorkerBudgetStatus;
import dev.roger.budget.WorkerBudget;
import dev.roger.buried.DeadLetters;
import dev.roger.cluster.ClusterOperations;
import dev.roger.history.History;
import dev.roger.job.JobState;
import dev.roger.job.JobTypes;
import dev.roger.ratelimit.RateLimits;
import dev.roger.ratelimit.RateScope;
import dev.roger.records.JobRecords;
import dev.roger.recurring.RecurringJobs;
import dev.roger.schedule.Horizon;
import dev.roger.schedule.ScheduledJobs;
import dev.roger.spi.Names;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The injectable {@link RogerService}, and the boundary where names are checked: an application or
 * queue name that breaks the naming rule, or a queue no instance of the cluster started, is unknown
 * (404 over REST) before anything reaches the broker or the database. Each method checks the names
 * and calls the one service that does the work; the services come from the composition root
 * ({@link Roger}) once, at construction.
 */
@ApplicationScoped
public class DefaultRogerService implements RogerService {

    @Inject
    RogerEngine engine;

    private String instance;
    private JobTypes jobTypes;
    private NameCheck names;
    private Enqueuer enqueuer;
    private ApplicationControl applications;
    private ClusterOperations cluster;
    private DeadLetters deadLetters;
    private ScheduledJobs scheduled;
    private Horizon horizon;
    private RecurringJobs recurring;
    private JobRecords records;
    private History history;
    private WorkerBudget budget;
    private BudgetControl budgetControl;
    private RateLimits rateLimits;

    @PostConstruct
    void init() {
        Roger roger = engine.roger();
        instance = roger.instance();
        jobTypes = roger.jobTypes();
        names = roger.names();
        enqueuer = roger.enqueuer();
        applications = roger.applicationControl();
        cluster = roger.operations();
        deadLetters = roger.deadLetters();
        scheduled = roger.scheduled();
        horizon = roger.horizon();
        recurring = roger.recurring();
        records = roger.records();
        history = roger.history();
        budget = roger.budget();
        budgetControl = roger.budgetControl();
        rateLimits = roger.rateLimits();
    }

    @Override
    public String enqueue(String application, String jobType, Object args, EnqueueOptions options) {
        NameCheck.requireApplicationName(application);
        return enqueuer.enqueue(application, jobType, args, orDefaults(options));
    }

    @Override
    public CompletableFuture<String> enqueueAsync(
            String application, String jobType, Object args, EnqueueOptions options) {
        NameCheck.requireApplicationName(application);
        return enqueuer.enqueueAsync(application, jobType, args, orDefaults(options));
    }

    @Override
    public List<EnqueueResult> enqueueAll(String application, List<JobRequest> jobs) {
        NameCheck.requireApplicationName(application);
        return enqueuer.enqueueAll(application, List.copyOf(jobs));
    }

    @Override
    public void startApplication(String application, Map<String, Integer> queues) {
        applications.start(application, queues);
    }

    @Override
    public void reconfigureApplication(String application, Map<String, Integer> queues) {
        NameCheck.requireApplicationName(application);
        applications.reconfigure(application, queues);
    }

    @Override
    public void stopApplication(String application) {
        NameCheck.requireApplicationName(application);
        applications.stop(application, false);
    }

    @Override
    public void safeStopApplication(String application) {
        NameCheck.requireApplicationName(application);
        applications.stop(application, true);
    }

    @Override
    public List<ApplicationInfo> applications() {
        return applications.info();
    }

    @Override
    public void cancel(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        if (!scheduled.cancel(application, jobId, null)) {
            cluster.cancel(application, jobId);
        }
    }

    @Override
    public void pause(String application, String queue) {
        names.requireQueue(application, queue);
        cluster.pause(application, queue);
    }

    @Override
    public void resume(String application, String queue) {
        names.requireQueue(application, queue);
        cluster.resume(application, queue);
    }

    @Override
    public QueuePurge purge(String application, String queue) {
        names.requireQueue(application, queue);
        return cluster.purge(application, queue);
    }

    @Override
    public Optional<QueuePurge> purgeOf(String application, String queue) {
        names.requireQueue(application, queue);
        return cluster.purgeOf(application, queue);
    }

    @Override
    public Listing<QueuedJob> queuedJobs(String application, String queue, int limit) {
        names.requireQueue(application, queue);
        return cluster.peek(application, queue, limit);
    }

    @Override
    public ClusterInfo clusterInfo() {
        return cluster.info();
    }

    @Override
    public boolean hasQueue(String application, String queue) {
        return names.hasQueue(application, queue);
    }

    @Override
    public List<RunningJobInfo> runningJobs() {
        return applications.runningJobs();
    }

    @Override
    public List<InstanceStatus> instances() {
        return cluster.instances();
    }

    @Override
    public JobHistory history(String application, Duration span) {
        NameCheck.requireApplicationName(application);
        return history.read(application, null, span);
    }

    @Override
    public JobHistory history(String application, String queue, Duration span) {
        NameCheck.requireApplicationName(application);
        if (!Names.isValid(queue)) {
            throw new UnknownApplicationException("no queue '" + queue + "' of application '" + application + "'");
        }
        return history.read(application, queue, span);
    }

    @Override
    public String instanceName() {
        return instance;
    }

    @Override
    public Listing<BuriedJob> buriedJobs(String application, String queue, int limit) {
        names.requireQueue(application, queue);
        return deadLetters.buried(application, queue, limit);
    }

    @Override
    public boolean retryBuried(String application, String queue, String jobId) {
        names.requireQueue(application, queue);
        return deadLetters.retry(application, queue, jobId);
    }

    @Override
    public int retryAllBuried(String application, String queue) {
        names.requireQueue(application, queue);
        return deadLetters.retryAll(application, queue);
    }

    @Override
    public boolean deleteBuried(String application, String queue, String jobId) {
        names.requireQueue(application, queue);
        return deadLetters.deleteBuried(application, queue, jobId);
    }

    @Override
    public Listing<ParkedMessage> parkedMessages(String application, int limit) {
        NameCheck.requireApplicationName(application);
        return deadLetters.parked(application, limit);
    }

    @Override
    public boolean retryParked(String application, String parkedId) {
        NameCheck.requireApplicationName(application);
        return deadLetters.retryParked(application, parkedId);
    }

    @Override
    public boolean deleteParked(String application, String parkedId) {
        NameCheck.requireApplicationName(application);
        return deadLetters.deleteParked(application, parkedId);
    }

    @Override
    public List<String> jobTypes() {
        return jobTypes.names();
    }

    private static EnqueueOptions orDefaults(EnqueueOptions options) {
        return options == null ? EnqueueOptions.DEFAULTS : options;
    }

    @Override
    public Page<ScheduledJob> scheduledJobs(String application, int offset, int limit) {
        NameCheck.requireApplicationName(application);
        return scheduled.scheduled(application, Page.checkedOffset(offset), Math.max(0, limit));
    }

    @Override
    public boolean runScheduledNow(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        return scheduled.runNow(application, jobId, JobState.SCHEDULED);
    }

    @Override
    public boolean deleteScheduled(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        return scheduled.cancel(application, jobId, JobState.SCHEDULED);
    }

    @Override
    public boolean reschedule(String application, String jobId, Instant at) {
        NameCheck.requireApplicationName(application);
        if (at == null) {
            throw new InvalidJobException("the time to run at is required");
        }
        horizon.checkTime(at, Instant.now());
        return scheduled.move(application, jobId, at);
    }

    @Override
    public Page<ScheduledJob> retries(String application, int offset, int limit) {
        NameCheck.requireApplicationName(application);
        return scheduled.retries(application, Page.checkedOffset(offset), Math.max(0, limit));
    }

    @Override
    public boolean retryNow(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        return scheduled.runNow(application, jobId, JobState.RETRYING);
    }

    @Override
    public int retryAllNow(String application) {
        NameCheck.requireApplicationName(application);
        return scheduled.retryAllNow(application);
    }

    @Override
    public boolean deleteRetry(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        return scheduled.cancel(application, jobId, JobState.RETRYING);
    }

    @Override
    public RecurringJob scheduleRecurring(String application, String name, RecurringSchedule schedule) {
        NameCheck.requireApplicationName(application);
        if (schedule == null) {
            throw new InvalidJobException("the schedule is required");
        }
        return recurring.define(application, name, schedule);
    }

    @Override
    public List<RecurringJob> recurringJobs(String application) {
        NameCheck.requireApplicationName(application);
        return recurring.list(application);
    }

    @Override
    public java.util.Optional<RecurringJob> recurringJob(String application, String name) {
        NameCheck.requireApplicationName(application);
        return recurring.find(application, name);
    }

    @Override
    public Page<RecurringFire> recurringFires(String application, String name, int offset, int limit) {
        NameCheck.requireApplicationName(application);
        return recurring.fires(application, name, Page.checkedOffset(offset), Math.max(0, limit));
    }

    @Override
    public boolean pauseRecurring(String application, String name) {
        NameCheck.requireApplicationName(application);
        return recurring.pause(application, name);
    }

    @Override
    public boolean resumeRecurring(String application, String name) {
        NameCheck.requireApplicationName(application);
        return recurring.resume(application, name);
    }

    @Override
    public java.util.Optional<String> runRecurringNow(String application, String name) {
        NameCheck.requireApplicationName(application);
        return recurring.runNow(application, name);
    }

    @Override
    public boolean deleteRecurring(String application, String name) {
        NameCheck.requireApplicationName(application);
        return recurring.delete(application, name);
    }

    @Override
    public java.util.Optional<JobRecord> job(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        requireRecords(application);
        return records.find(application, jobId);
    }

    private void requireRecords(String application) {
        if (!records.isOn(application)) {
            throw new UnknownJobException("job records are off for application '" + application
                    + "' (roger.records, roger.records.off): Roger keeps no record of its jobs");
        }
    }

    @Override
    public Page<JobRecord> jobs(String application, JobQuery query, int offset, int limit) {
        NameCheck.requireApplicationName(application);
        requireRecords(application);
        return records.list(application, query, Page.checkedOffset(offset), Math.max(0, limit));
    }

    @Override
    public boolean retryFailed(String application, String jobId) {
        NameCheck.requireApplicationName(application);
        requireRecords(application);
        return records.failedBody(application, jobId)
                .flatMap(body -> records.find(application, jobId).map(job -> java.util.Map.entry(job, body)))
                .map(failed -> {
                    enqueuer.retryFailed(application, failed.getKey().queue(), failed.getValue());
                    return true;
                })
                .orElse(false);
    }

    @Override
    public RecordsStatus recordsStatus() {
        return records.status();
    }

    @Override
    public WorkerBudgetStatus workerBudget() {
        return budget.usage();
    }

    @Override
    public WorkerBudgetStatus resizeWorkerBudget(int max) {
        return budgetControl.resize(max);
    }

    @Override
    public void weighApplication(String application, int weight) {
        budgetControl.weigh(application, weight);
    }

    @Override
    public void limitRate(String application, String queue, RateLimit limit) {
        RateScope scope;
        if (queue == null) {
            NameCheck.requireApplicationName(application);
            scope = RateScope.ofApplication(application);
        } else {
            names.requireQueue(application, queue);
            scope = RateScope.ofQueue(application, queue);
        }
        rateLimits.set(scope, Optional.ofNullable(limit));
        cluster.announceRateLimits();
    }
}
