package dev.roger.keys;

import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import java.io.IOException;

/**
 * A republisher that tells the lifecycle a held job is queued again once the broker confirmed it: a
 * job that waited for its execution key's turn, or a long job whose instance died.
 */
public final class HandedBack implements Republisher {

    private final Republisher republisher;
    private final JobLifecycle lifecycle;
    private final JobState from;

    /** @param from the state the held jobs leave: {@link JobState#WAITING_FOR_KEY} or {@link JobState#RUNNING} */
    public HandedBack(Republisher republisher, JobLifecycle lifecycle, JobState from) {
        this.republisher = republisher;
        this.lifecycle = lifecycle;
        this.from = from;
    }

    @Override
    public void republish(HeldJob job) throws IOException {
        republisher.republish(job);
        lifecycle.change(new JobChange(
                job.application(),
                job.queue(),
                job.jobId(),
                null,
                0,
                from,
                JobState.QUEUED,
                null,
                null,
                null,
                null,
                JobChange.Detail.NONE));
    }
}
