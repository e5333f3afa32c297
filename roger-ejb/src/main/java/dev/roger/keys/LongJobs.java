package dev.roger.keys;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * Jobs that run longer than the broker lets a delivery stay unacknowledged: their message is
 * acknowledged early and the database keeps the job until it ends. Those of a dead instance, or of
 * this instance's earlier life, go back to their queue.
 */
public final class LongJobs {

    private static final Logger LOG = Logger.getLogger(LongJobs.class.getName());

    private final DetachedStore detached;
    private final Handover handover;
    private final String instance;

    public LongJobs(DetachedStore detached, Republisher republisher, String instance) {
        this.detached = detached;
        this.handover = new Handover(republisher);
        this.instance = instance;
    }

    /** Records the job before its message is acknowledged. */
    public void detach(String application, String queue, String jobId, String body) {
        detached.detach(application, queue, jobId, instance, body);
    }

    /** The long job ended, whatever its outcome. */
    public void finished(String application, String jobId) {
        detached.finished(application, jobId);
    }

    /** Once per start: long jobs this instance ran when it stopped (it restarted under the same name) run again. */
    public void republishOwn() throws IOException {
        for (HeldJob job : detached.ownedBy(instance)) {
            handBack(job);
            LOG.info(() -> "long job " + job.jobId() + " interrupted by the last stop is queued again");
        }
    }

    /** Long jobs of dead instances run again; a claimer that dies in between leaves them to be claimed again. */
    public void recover(long deadBefore) throws IOException {
        for (HeldJob orphan : detached.claimOrphans(deadBefore, instance)) {
            handBack(orphan);
            LOG.info(() ->
                    "republished long job " + orphan.jobId() + " of " + orphan.application() + ", whose instance died");
        }
    }

    private void handBack(HeldJob job) throws IOException {
        handover.handBack(job, held -> detached.finished(held.application(), held.jobId()));
    }
}
