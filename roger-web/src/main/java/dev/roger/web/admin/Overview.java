package dev.roger.web.admin;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.ClusterInfo;
import dev.roger.api.InstanceInfo;
import dev.roger.api.InstanceStatus;
import dev.roger.api.QueueInfo;
import dev.roger.api.QueuePurge;
import dev.roger.api.RogerException;
import dev.roger.api.RogerService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster as the admin page shows it, read once before every rendering (full or partial, so also
 * on the page's refresh every few seconds): its instances and totals, which the overview's cards show
 * from here, and the rows of its queues and running jobs, which {@link QueuesPanel} and {@link
 * RunningJobsPanel} show and act on, and from which {@link AdminPage} lists the applications.
 */
@Named("overview")
@ViewScoped
public class Overview implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    private List<InstanceStatus> instances = List.of();
    private List<QueueRow> queues = List.of();
    private List<RunningRow> running = List.of();
    private List<String> unanswered = List.of();
    private List<String> problems = List.of();
    private long processed;
    private long failed;

    /** Reads the cluster before every rendering (full or partial); the getters serve what was read. */
    public void refresh() {
        List<String> found = new ArrayList<>();
        try {
            instances = roger.instances();
        } catch (RogerException e) {
            // the cluster view below says what this means; the rest of the page still shows
            instances = List.of();
        }
        try {
            ClusterInfo info = roger.clusterInfo();
            unanswered = info.unanswered();
            found.addAll(info.problems());
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
                                queue.failed(),
                                info.latestPurge(application.name(), queue.name())
                                        .map(Overview::describe)
                                        .orElse(""),
                                describeRate(application, queue)));
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
            found.add("Cannot read the cluster: " + e.getMessage());
        }
        problems = found;
    }

    /** A purge as the queue table says it. */
    static String describe(QueuePurge purge) {
        return switch (purge.state()) {
            case "running" -> "purging " + purge.purged() + " of " + purge.total();
            case "done" -> "purged " + purge.purged();
            default -> "purge stopped after " + purge.purged() + " of " + purge.total();
        };
    }

    private static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    // for the page --------------------------------------------------------------------------------

    public List<InstanceStatus> getInstances() {
        return instances;
    }

    public List<String> getUnanswered() {
        return unanswered;
    }

    /** What kept the last read from being whole (the broker or the database away): the page's banner. */
    public List<String> getProblems() {
        return problems;
    }

    public long getProcessed() {
        return processed;
    }

    public long getFailed() {
        return failed;
    }

    /** Every queue of every application on every instance, as last read. */
    public List<QueueRow> getQueues() {
        return queues;
    }

    /** Every job running on any instance, as last read. */
    public List<RunningRow> getRunning() {
        return running;
    }

    /** "5/s", "application 100/s", "5/s · application 100/s · 3 waiting"; empty without limits. */
    static String describeRate(dev.roger.api.ApplicationInfo application, dev.roger.api.QueueInfo queue) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (queue.rateLimit() != null) {
            parts.add(queue.rateLimit());
        }
        if (application.rateLimit() != null) {
            parts.add("application " + application.rateLimit());
        }
        if (queue.waitingForRate() > 0) {
            parts.add(queue.waitingForRate() + " waiting");
        }
        return String.join(" · ", parts);
    }
}
