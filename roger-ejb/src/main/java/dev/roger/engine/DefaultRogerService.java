package dev.roger.engine;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.BuriedJob;
import dev.roger.api.ClusterInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.EnqueueResult;
import dev.roger.api.InstanceStatus;
import dev.roger.api.JobRequest;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.api.QueuedJob;
import dev.roger.api.RogerService;
import dev.roger.api.RunningJobInfo;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The injectable {@link RogerService}, and the boundary where names are checked: an application or
 * queue name that breaks the naming rule, or a queue no instance of the cluster started, is unknown
 * (404 over REST) before anything reaches the broker or the database.
 */
@ApplicationScoped
public class DefaultRogerService implements RogerService {

    @Inject
    RogerEngine engine;

    private Roger roger;

    @PostConstruct
    void init() {
        roger = engine.roger();
    }

    @Override
    public String enqueue(String application, String jobType, Object args, EnqueueOptions options) {
        Roger.requireApplicationName(application);
        return roger.enqueue(application, jobType, args, orDefaults(options));
    }

    @Override
    public CompletableFuture<String> enqueueAsync(
            String application, String jobType, Object args, EnqueueOptions options) {
        Roger.requireApplicationName(application);
        return roger.enqueueAsync(application, jobType, args, orDefaults(options));
    }

    @Override
    public List<EnqueueResult> enqueueAll(String application, List<JobRequest> jobs) {
        Roger.requireApplicationName(application);
        return roger.enqueueAll(application, List.copyOf(jobs));
    }

    @Override
    public void startApplication(String application, Map<String, Integer> queues) {
        roger.startApplication(application, queues);
    }

    @Override
    public void reconfigureApplication(String application, Map<String, Integer> queues) {
        Roger.requireApplicationName(application);
        roger.reconfigureApplication(application, queues);
    }

    @Override
    public void stopApplication(String application) {
        Roger.requireApplicationName(application);
        roger.stopApplication(application, false);
    }

    @Override
    public void safeStopApplication(String application) {
        Roger.requireApplicationName(application);
        roger.stopApplication(application, true);
    }

    @Override
    public List<ApplicationInfo> applications() {
        return roger.applicationInfo();
    }

    @Override
    public void cancel(String application, String jobId) {
        Roger.requireApplicationName(application);
        roger.operations().cancel(application, jobId);
    }

    @Override
    public void pause(String application, String queue) {
        roger.requireQueue(application, queue);
        roger.operations().pause(application, queue);
    }

    @Override
    public void resume(String application, String queue) {
        roger.requireQueue(application, queue);
        roger.operations().resume(application, queue);
    }

    @Override
    public long purge(String application, String queue) {
        roger.requireQueue(application, queue);
        return roger.operations().purge(application, queue);
    }

    @Override
    public Listing<QueuedJob> queuedJobs(String application, String queue, int limit) {
        roger.requireQueue(application, queue);
        return roger.operations().peek(application, queue, limit);
    }

    @Override
    public ClusterInfo clusterInfo() {
        return roger.operations().info();
    }

    @Override
    public boolean hasQueue(String application, String queue) {
        return roger.hasQueue(application, queue);
    }

    @Override
    public List<RunningJobInfo> runningJobs() {
        return roger.runningJobs();
    }

    @Override
    public List<InstanceStatus> instances() {
        return roger.operations().instances();
    }

    @Override
    public String instanceName() {
        return roger.instance();
    }

    @Override
    public Listing<BuriedJob> buriedJobs(String application, String queue, int limit) {
        roger.requireQueue(application, queue);
        return roger.deadLetters().buried(application, queue, limit);
    }

    @Override
    public boolean retryBuried(String application, String queue, String jobId) {
        roger.requireQueue(application, queue);
        return roger.deadLetters().retry(application, queue, jobId);
    }

    @Override
    public int retryAllBuried(String application, String queue) {
        roger.requireQueue(application, queue);
        return roger.deadLetters().retryAll(application, queue);
    }

    @Override
    public boolean deleteBuried(String application, String queue, String jobId) {
        roger.requireQueue(application, queue);
        return roger.deadLetters().deleteBuried(application, queue, jobId);
    }

    @Override
    public Listing<ParkedMessage> parkedMessages(String application, int limit) {
        Roger.requireApplicationName(application);
        return roger.deadLetters().parked(application, limit);
    }

    @Override
    public boolean retryParked(String application, String parkedId) {
        Roger.requireApplicationName(application);
        return roger.deadLetters().retryParked(application, parkedId);
    }

    @Override
    public boolean deleteParked(String application, String parkedId) {
        Roger.requireApplicationName(application);
        return roger.deadLetters().deleteParked(application, parkedId);
    }

    @Override
    public List<String> jobTypes() {
        return roger.jobTypeNames();
    }

    private static EnqueueOptions orDefaults(EnqueueOptions options) {
        return options == null ? EnqueueOptions.DEFAULTS : options;
    }
}
