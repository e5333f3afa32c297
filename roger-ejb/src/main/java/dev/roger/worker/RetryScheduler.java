package dev.roger.worker;

import dev.roger.job.JobMessage;
import java.time.Duration;

/**
 * Where a failed job waits for its next attempt: in the shared database until it is due, visible to
 * operators, rather than in a broker queue nobody can list without taking the jobs out.
 */
@FunctionalInterface
public interface RetryScheduler {

    /**
     * Stores {@code next} (the job with its retry count raised) to be published to its queue after
     * {@code delay}; returns once it is stored, so the failed delivery can be acknowledged.
     *
     * @return when it falls due (epoch ms, the database's clock)
     *
     * @param lastError why the attempt failed, for the operator
     */
    long retryLater(String application, String queue, JobMessage next, Duration delay, String lastError);
}
