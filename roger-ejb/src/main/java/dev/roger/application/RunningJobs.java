package dev.roger.application;

import dev.roger.api.RunningJobInfo;
import dev.roger.worker.QueueConsumer;
import dev.roger.worker.RunningJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The jobs running on this instance, across its applications' consumers: listed, cancelled, detached. */
public final class RunningJobs {

    private final ApplicationRegistry registry;

    public RunningJobs(ApplicationRegistry registry) {
        this.registry = registry;
    }

    /** Interrupts the job if it runs on this instance; true when it did. */
    public boolean cancelRunning(String application, String jobId) {
        return registry.allConsumers().stream()
                .filter(c -> c.application().equals(application))
                .anyMatch(c -> c.cancelRunning(jobId));
    }

    /** The jobs running on this instance. */
    public List<RunningJobInfo> list(String instance) {
        List<RunningJobInfo> jobs = new ArrayList<>();
        for (QueueConsumer consumer : registry.allConsumers()) {
            for (RunningJob job : consumer.runningJobs()) {
                if (job.jobId() != null) {
                    RunningJob.Progress progress = job.progress();
                    jobs.add(new RunningJobInfo(
                            job.jobId(),
                            job.application(),
                            job.queue(),
                            job.type(),
                            job.startedAt(),
                            instance,
                            progress.percent(),
                            progress.message(),
                            job.threadName()));
                }
            }
        }
        return jobs;
    }

    /** Acknowledges jobs that run longer than the broker's consumer timeout allows; see {@link QueueConsumer#detachLongJobs}. */
    public void detachLongJobs(Duration limit) {
        registry.allConsumers().forEach(c -> c.detachLongJobs(limit));
    }
}
