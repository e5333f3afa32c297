package dev.roger.worker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs with an execution key that a worker of this instance is deciding on or running. A second
 * delivery of such a job (a retry copy beside its redelivery, say) waits for the first. A state row
 * that says a job runs on this instance while nobody here holds its claim is left over from a failure
 * (the database was down when the outcome was recorded), so the delivery takes it over rather than
 * waiting for ever.
 */
public final class ExecutionClaims {

    private final Set<String> jobIds = ConcurrentHashMap.newKeySet();

    /** False when another worker of this instance already holds the job. */
    boolean claim(String jobId) {
        return jobIds.add(jobId);
    }

    void release(String jobId) {
        jobIds.remove(jobId);
    }
}
