package dev.roger.worker;

import dev.roger.job.JobMessage;
import dev.roger.keys.ExecutionDecision;
import dev.roger.keys.JobKeys;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whose turn it is, for jobs with an execution key: first this instance's claim (a second delivery
 * of a job, a retry copy beside its redelivery say, waits for the first), then the cluster's line in
 * the database. A state row that says a job runs on this instance while nobody here holds its claim
 * is left over from a failure (the database was down when the outcome was recorded), so the delivery
 * takes it over rather than waiting for ever.
 */
final class ExecutionTurns {

    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final JobKeys keys;
    private final Duration aliveWindow;
    /** The cluster's clock (the database's), on which heartbeats are written. */
    private final LongSupplier clusterTime;

    ExecutionTurns(JobKeys keys, Duration aliveWindow, LongSupplier clusterTime) {
        this.keys = keys;
        this.aliveWindow = aliveWindow;
        this.clusterTime = clusterTime;
    }

    /** Claims the job here; false when another worker of this instance holds it. Release it with {@link #release}. */
    boolean claim(String jobId) {
        return claimed.add(jobId);
    }

    void release(String jobId) {
        claimed.remove(jobId);
    }

    /** For a job this worker claimed: may it run now, in the cluster's line? */
    ExecutionDecision decide(String application, String queue, JobMessage message, String body) {
        long aliveSince = clusterTime.getAsLong() - aliveWindow.toMillis();
        return keys.tryStart(application, queue, message, body, aliveSince);
    }
}
