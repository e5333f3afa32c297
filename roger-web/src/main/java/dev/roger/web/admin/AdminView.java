package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.describe;
import static dev.roger.web.admin.PageActions.error;
import static dev.roger.web.admin.PageActions.info;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.BuriedJob;
import dev.roger.api.ClusterInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.InstanceInfo;
import dev.roger.api.InstanceStatus;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.api.QueueInfo;
import dev.roger.api.QueuedJob;
import dev.roger.api.RogerException;
import dev.roger.api.RogerService;
import dev.roger.spi.QueueSpec;
import dev.roger.web.api.JobTimes;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The admin page: the cluster's state (refreshed every few seconds without a reload) and the
 * operator's actions. Reading needs roger-viewer; acting needs roger-admin, checked here on the
 * server whatever the page shows ({@link PageActions}). The inspected application's scheduled jobs
 * and retries are {@link ScheduledView}'s, its recurring jobs {@link RecurringView}'s, its job records
 * (and its queued jobs, unless records are off for it) {@link RecordsView}'s.
 */
@Named("admin")
@ViewScoped
public class AdminView implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int PEEK_LIMIT = 50;

    @Inject
    RogerService roger;

    @Inject
    RecordsView records;

    private List<InstanceStatus> instances = List.of();
    private List<QueueRow> queues = List.of();
    private List<RunningRow> running = List.of();
    private List<String> unanswered = List.of();
    private long processed;
    private long failed;

    // forms
    private String enqueueApplication;
    private String enqueueQueue;
    private String enqueueType;
    private String enqueueArgs = "{}";
    private String enqueueAt;
    private String enqueueDelay;
    private String applicationName;
    private String applicationQueues;
    private boolean safeStop = true;
    private String cancelApplication;
    private String cancelId;
    private String inspectApplication;
    private String inspectQueue;
    private List<QueuedJob> queued = List.of();
    private List<BuriedJob> buried = List.of();
    private List<ParkedMessage> parked = List.of();

    /** Reads the cluster before every rendering (full or partial); the getters serve what was read. */
    public void refresh() {
        try {
            instances = roger.instances();
            ClusterInfo info = roger.clusterInfo();
            unanswered = info.unanswered();
            List<QueueRow> rows = new ArrayList<>();
            List<RunningRow> jobs = new ArrayList<>();
            long processedSum = 0;
            long failedSum = 0;
            for (InstanceInfo instance : info.instances()) {
                for (ApplicationInfo application : instance.applications()) {
                    for (QueueInfo queue : application.queues()) {
                        rows.add(new QueueRow(
                                instance.name(),
                                application.name(),
                                application.state(),
                                queue.name(),
                                queue.concurrency(),
                                queue.paused(),
                                queue.messages(),
                                queue.consumers(),
                                queue.running(),
                                queue.processed(),
                                queue.failed()));
                        processedSum += queue.processed();
                        failedSum += queue.failed();
                    }
                }
                instance.runningJobs()
                        .forEach(job -> jobs.add(new RunningRow(
                                job.instance(),
                                job.application(),
                                job.queue(),
                                job.type(),
                                job.id(),
                                format(Duration.between(job.startedAt(), Instant.now())),
                                RunningRow.progress(job))));
            }
            queues = rows;
            running = jobs;
            processed = processedSum;
            failed = failedSum;
        } catch (RogerException e) {
            error(null, "Cannot read the cluster: " + e.getMessage());
        }
    }

    private static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    public boolean isAdmin() {
        return PageActions.isAdmin();
    }

    public String getUser() {
        return FacesContext.getCurrentInstance().getExternalContext().getRemoteUser();
    }

    /** Every application any instance runs, for the forms' choices. */
    public List<String> getApplications() {
        TreeSet<String> names = new TreeSet<>();
        queues.forEach(q -> names.add(q.application()));
        roger.applications().forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    public List<String> getJobTypes() {
        return roger.jobTypes();
    }

    // actions -----------------------------------------------------------------------------------

    public void pause(String application, String queue) {
        act(() -> roger.pause(application, queue), "Paused " + application + "-" + queue + " on every instance.");
    }

    public void resume(String application, String queue) {
        act(() -> roger.resume(application, queue), "Resumed " + application + "-" + queue + ".");
    }

    public void purge(String application, String queue) {
        act(
                () -> info("Purged " + roger.purge(application, queue) + " job(s) from " + application + "-" + queue
                        + "."),
                null);
    }

    public void cancel(String application, String id) {
        act(() -> roger.cancel(application, id), "Cancel of job " + id + " sent to every instance.");
    }

    public void cancelById() {
        if (blank(cancelApplication) || blank(cancelId)) {
            error("cancelForm:cancelId", "Choose an application and give a job id.");
            return;
        }
        cancel(cancelApplication, cancelId.trim());
    }

    public void enqueue() {
        if (blank(enqueueApplication) || blank(enqueueType)) {
            error("enqueueForm:type", "Choose an application and a job type.");
            return;
        }
        JsonValue args;
        try (JsonReader reader = Json.createReader(new StringReader(blank(enqueueArgs) ? "{}" : enqueueArgs))) {
            args = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            error("enqueueForm:args", "Args: not valid JSON: " + e.getMessage());
            return;
        }
        EnqueueOptions options = enqueueOptions();
        if (options == null) {
            return;
        }
        JsonValue parsedArgs = args;
        act(
                () -> info("Enqueued job " + roger.enqueue(enqueueApplication, enqueueType, parsedArgs, options)
                        + (options.isScheduled() ? ", due at " + dueAt(options) : "") + "."),
                null);
    }

    /** The queue and the optional time (an instant or a delay, read as the API reads them); null after an error. */
    private EnqueueOptions enqueueOptions() {
        EnqueueOptions options = new EnqueueOptions(blank(enqueueQueue) ? null : enqueueQueue.trim());
        String at = blank(enqueueAt) ? null : enqueueAt;
        String delay = blank(enqueueDelay) ? null : enqueueDelay;
        if (at != null && delay != null) {
            error("enqueueForm:delay", "At and delay: give one of them, not both.");
            return null;
        }
        try {
            return JobTimes.apply(options, at, delay);
        } catch (IllegalArgumentException e) {
            error(
                    at != null ? "enqueueForm:at" : "enqueueForm:delay",
                    (at != null ? "At: " : "Delay: ") + e.getMessage());
            return null;
        }
    }

    private static Instant dueAt(EnqueueOptions options) {
        return options.at() != null ? options.at() : Instant.now().plus(options.delay());
    }

    /** Starts the application here, or reconfigures it when it runs here already. */
    public void startOrReconfigure() {
        Map<String, Integer> parsed;
        try {
            parsed = QueueSpec.parse(applicationQueues == null ? "" : applicationQueues);
        } catch (IllegalArgumentException e) {
            error("applicationForm:queues", "Queues: queues=" + applicationQueues + ": " + e.getMessage());
            return;
        }
        if (blank(applicationName)) {
            error("applicationForm:name", "Give the application a name.");
            return;
        }
        String name = applicationName.trim();
        boolean runsHere = roger.applications().stream().anyMatch(a -> a.name().equals(name));
        act(
                () -> {
                    if (runsHere) {
                        roger.reconfigureApplication(name, parsed);
                    } else {
                        roger.startApplication(name, parsed);
                    }
                },
                (runsHere ? "Reconfigured " : "Started ") + name + " on " + roger.instanceName() + ".");
    }

    public void stopApplication() {
        if (blank(applicationName)) {
            error("applicationForm:name", "Give the name of the application to stop.");
            return;
        }
        String name = applicationName.trim();
        act(
                () -> {
                    if (safeStop) {
                        roger.safeStopApplication(name);
                    } else {
                        roger.stopApplication(name);
                    }
                },
                "Stopped " + name + " on " + roger.instanceName() + (safeStop ? " (running jobs finish)." : "."));
    }

    public void inspect() {
        if (blank(inspectApplication) || blank(inspectQueue)) {
            error("inspectForm:queue", "Choose an application and a queue.");
            return;
        }
        records.show(inspectApplication, inspectQueue);
        try {
            queued = List.of(); // a refused peek shows none rather than the last queue's
            if (!records.isOn()) { // else the page lists the queued jobs from the records
                queued = shown(roger.queuedJobs(inspectApplication, inspectQueue, PEEK_LIMIT), "queued jobs");
            }
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
        try {
            buried = shown(roger.buriedJobs(inspectApplication, inspectQueue, PEEK_LIMIT), "buried jobs");
            parked = shown(roger.parkedMessages(inspectApplication, PEEK_LIMIT), "parked messages");
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
    }

    private static <T> List<T> shown(Listing<T> listing, String what) {
        if (listing.truncated()) {
            info("Showing the first " + listing.items().size() + " " + what + ": a listing stops at "
                    + Listing.BYTE_BUDGET / 1024 + " KiB.");
        }
        return listing.items();
    }

    public void inspect(String application, String queue) {
        inspectApplication = application;
        inspectQueue = queue;
        inspect();
    }

    public void retryBuried(String id) {
        act(
                () -> {
                    if (!roger.retryBuried(inspectApplication, inspectQueue, id)) {
                        throw new IllegalArgumentException("job " + id + " is no longer buried");
                    }
                },
                "Job " + id + " is queued again.");
        inspect();
    }

    public void retryAllBuried() {
        act(() -> info(roger.retryAllBuried(inspectApplication, inspectQueue) + " buried job(s) queued again."), null);
        inspect();
    }

    public void deleteBuried(String id) {
        act(() -> roger.deleteBuried(inspectApplication, inspectQueue, id), "Buried job " + id + " deleted.");
        inspect();
    }

    public void retryParked(String parkedId) {
        act(
                () -> {
                    if (!roger.retryParked(inspectApplication, parkedId)) {
                        throw new IllegalArgumentException("the message is no longer parked");
                    }
                },
                "Parked message queued again.");
        inspect();
    }

    public void deleteParked(String parkedId) {
        act(() -> roger.deleteParked(inspectApplication, parkedId), "Parked message deleted.");
        inspect();
    }

    // getters and setters for the page -----------------------------------------------------------

    public List<InstanceStatus> getInstances() {
        return instances;
    }

    public List<QueueRow> getQueues() {
        return queues;
    }

    public List<RunningRow> getRunning() {
        return running;
    }

    public List<String> getUnanswered() {
        return unanswered;
    }

    public long getProcessed() {
        return processed;
    }

    public long getFailed() {
        return failed;
    }

    public String getInstanceName() {
        return roger.instanceName();
    }

    public String getEnqueueApplication() {
        return enqueueApplication;
    }

    public void setEnqueueApplication(String value) {
        enqueueApplication = value;
    }

    public String getEnqueueQueue() {
        return enqueueQueue;
    }

    public void setEnqueueQueue(String value) {
        enqueueQueue = value;
    }

    public String getEnqueueType() {
        return enqueueType;
    }

    public void setEnqueueType(String value) {
        enqueueType = value;
    }

    public String getEnqueueArgs() {
        return enqueueArgs;
    }

    public void setEnqueueArgs(String value) {
        enqueueArgs = value;
    }

    public String getEnqueueAt() {
        return enqueueAt;
    }

    public void setEnqueueAt(String value) {
        enqueueAt = value;
    }

    public String getEnqueueDelay() {
        return enqueueDelay;
    }

    public void setEnqueueDelay(String value) {
        enqueueDelay = value;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String value) {
        applicationName = value;
    }

    public String getApplicationQueues() {
        return applicationQueues;
    }

    public void setApplicationQueues(String value) {
        applicationQueues = value;
    }

    public boolean isSafeStop() {
        return safeStop;
    }

    public void setSafeStop(boolean value) {
        safeStop = value;
    }

    public String getCancelApplication() {
        return cancelApplication;
    }

    public void setCancelApplication(String value) {
        cancelApplication = value;
    }

    public String getCancelId() {
        return cancelId;
    }

    public void setCancelId(String value) {
        cancelId = value;
    }

    public String getInspectApplication() {
        return inspectApplication;
    }

    public void setInspectApplication(String value) {
        inspectApplication = value;
    }

    public String getInspectQueue() {
        return inspectQueue;
    }

    public void setInspectQueue(String value) {
        inspectQueue = value;
    }

    public List<QueuedJob> getQueued() {
        return queued;
    }

    public List<BuriedJob> getBuried() {
        return buried;
    }

    public List<ParkedMessage> getParked() {
        return parked;
    }
}
