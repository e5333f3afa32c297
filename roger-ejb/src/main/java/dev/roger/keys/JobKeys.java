package dev.roger.keys;

import dev.roger.api.DuplicateJobException;
import dev.roger.job.JobMessage;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of a job's keys, from enqueue to its end: reserves them before the publish, confirms
 * them after it, decides whether a delivered job may run, and releases them when the job leaves,
 * handing the next job of an execution key back to the broker. The recovery repairs what dead
 * instances left. The stores keep the rows; this class keeps the order of the steps.
 */
public final class JobKeys {

    private static final Logger LOG = Logger.getLogger(JobKeys.class.getName());

    private final QueueKeyStore queueKeys;
    private final ExecutionKeyStore executionKeys;
    private final Handover handover;
    private final String instance;

    public JobKeys(QueueKeyStore queueKeys, ExecutionKeyStore executionKeys, Republisher republisher, String instance) {
        this.queueKeys = queueKeys;
        this.executionKeys = executionKeys;
        this.handover = new Handover(republisher);
        this.instance = instance;
    }

    /** Before the publish; atomic in the database, so a duplicate queue key is refused before anything is published. */
    public void reserve(String application, String queue, JobMessage job) {
        reserveQueueKey(application, queue, job);
        try {
            takeTurn(application, queue, job);
        } catch (RuntimeException e) {
            if (job.queueKey() != null) {
                queueKeys.release(application, job.queueKey(), job.id());
            }
            throw e;
        }
    }

    /** The broker confirmed the job's message: its keys stay until the job leaves for good. */
    public void confirm(String application, JobMessage job) {
        confirmQueueKey(application, job);
        confirmTurn(application, job);
    }

    /**
     * A scheduled job holds its queue key from the moment it is scheduled (refused as a duplicate if
     * the key is taken), so no second job with the key can be enqueued while it waits.
     */
    public void reserveQueueKey(String application, String queue, JobMessage job) {
        if (job.queueKey() != null && !queueKeys.reserve(application, queue, job.queueKey(), job.id(), instance)) {
            throw new DuplicateJobException("a job with queue key '" + job.queueKey()
                    + "' is already queued in application '" + application + "'");
        }
    }

    /** The scheduled job is stored: its queue key stays until the job leaves for good. */
    public void confirmQueueKey(String application, JobMessage job) {
        if (job.queueKey() != null) {
            queueKeys.confirm(application, job.queueKey(), job.id());
        }
    }

    /** A job that was never stored gives its queue key up. */
    public void releaseQueueKey(String application, JobMessage job) {
        if (job.queueKey() != null) {
            queueKeys.release(application, job.queueKey(), job.id());
        }
    }

    /**
     * The job takes its place in its execution key's line: at enqueue, or when a scheduled job falls
     * due (not when it is scheduled). A job that holds its place already keeps it.
     */
    public void takeTurn(String application, String queue, JobMessage job) {
        if (job.executionKey() != null) {
            executionKeys.register(application, queue, job.executionKey(), job.id(), instance);
        }
    }

    /** The message of a job that took its place in line is with the broker. */
    public void confirmTurn(String application, JobMessage job) {
        if (job.executionKey() != null) {
            executionKeys.confirm(application, job.id());
        }
    }

    /**
     * The publish failed: the job gives its keys back, and a job waiting behind it may now run. Throws
     * when the database fails; the caller tries again (a live instance's reservations are never
     * released for it).
     */
    public void giveBack(String application, JobMessage job) {
        if (job.queueKey() != null) {
            queueKeys.release(application, job.queueKey(), job.id());
        }
        if (job.executionKey() != null) {
            handOnQuietly(executionKeys.unregister(application, job.executionKey(), job.id()));
        }
    }

    /** {@link #giveBack}, logging instead of throwing: for a job set aside whose keys were confirmed. */
    public void giveUp(String application, JobMessage job) {
        try {
            giveBack(application, job);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release the keys of job " + job.id(), e);
        }
    }

    /**
     * Whether a delivered job with an execution key runs now. The caller guarantees that no other
     * worker of this instance is deciding on or running the same job.
     */
    public ExecutionDecision tryStart(String application, String queue, JobMessage job, String body, long aliveSince) {
        return executionKeys.tryStart(application, queue, job.executionKey(), job.id(), instance, body, aliveSince);
    }

    /** The job comes back (its instance stops, or a strict-order retry): it keeps its place in line. */
    public void keepPlace(String application, JobMessage job) {
        if (job.executionKey() != null) {
            executionKeys.requeued(application, job.id());
        }
    }

    /** The job left for good (success, final failure, burial, cancel, parking): every key is released. */
    public void release(String application, JobMessage job) throws IOException {
        if (job.queueKey() != null) {
            queueKeys.release(application, job.queueKey(), job.id());
        }
        releaseExecutionKey(application, job);
    }

    /** The job gives its place in line up (a retry joins the end of the line); its queue key stays. */
    public void releaseExecutionKey(String application, JobMessage job) throws IOException {
        if (job.executionKey() != null) {
            Optional<HeldJob> next = executionKeys.finish(application, job.executionKey(), job.id());
            if (next.isPresent()) {
                handOn(next.get());
            }
        }
    }

    /** At start: jobs this instance ran in an earlier life are no longer running; their redelivery runs them. */
    public int resetRunning() {
        return executionKeys.resetRunningOf(instance);
    }

    /**
     * Repairs what dead instances left: reservations never confirmed are released, and heads of
     * execution keys left waiting (or republished long ago without confirmation) are handed on again.
     */
    public ReleasedKeys recover(long deadBefore, long republishingBefore) throws IOException {
        ReleasedKeys released = new ReleasedKeys(queueKeys.recover(deadBefore), executionKeys.recover(deadBefore));
        for (HeldJob next : executionKeys.stalledHeads(republishingBefore)) {
            handOn(next);
            LOG.info(() -> "republished job " + next.jobId() + " of " + next.application()
                    + ", stalled at the head of its execution key");
        }
        return released;
    }

    private void handOn(HeldJob next) throws IOException {
        handover.handBack(next, job -> executionKeys.republished(job.application(), job.jobId()));
    }

    private void handOnQuietly(Optional<HeldJob> next) {
        if (next.isPresent()) {
            try {
                handOn(next.get());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "job " + next.get().jobId() + " is republished by the recovery instead", e);
            }
        }
    }

    /** Whether a job with this execution key is queued, waiting for its turn or running, anywhere in the cluster. */
    public boolean inLine(String application, String executionKey) {
        return executionKeys.inLine(application, executionKey);
    }
}
