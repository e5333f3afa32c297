package dev.roger.worker;

import dev.roger.api.Job;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.keys.JobKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that decides what a failed run becomes, and sends the job there: its next attempt
 * stored to fall due later (the policy has a delay left), buried (it used its last retry), or failed for
 * good (its type is not retryable); then, with {@link #handOnKeys}, what becomes of its keys.
 */
public final class Retries {

    private static final Logger LOG = Logger.getLogger(Retries.class.getName());

    /** Where the job went: {@code outcome} is RETRYING (due at {@code dueAt}), BURIED or FAILED. */
    record Decision(JobState outcome, Long dueAt) {}

    private final RetryPolicy policy;
    private final RetryScheduler scheduler;
    private final JobRouting routing;
    private final JobKeys keys;

    public Retries(RetryPolicy policy, RetryScheduler scheduler, JobRouting routing, JobKeys keys) {
        this.policy = policy;
        this.scheduler = scheduler;
        this.routing = routing;
        this.keys = keys;
    }

    Decision afterFailure(String application, String queue, JobMessage message, Job<?> type, Throwable error)
            throws IOException {
        if (!type.retryable()) {
            LOG.log(
                    Level.WARNING,
                    "job " + message.id() + " (" + message.type() + ") failed and is not retryable",
                    error);
            return new Decision(JobState.FAILED, null);
        }
        Optional<Duration> wait = policy.nextWait(message.retryCount(), ThreadLocalRandom.current()::nextDouble);
        if (wait.isPresent()) {
            long dueAt = scheduler.retryLater(
                    application,
                    queue,
                    message.withRetryCount(message.retryCount() + 1),
                    wait.get(),
                    JobRouting.describe(error));
            return new Decision(JobState.RETRYING, dueAt);
        }
        routing.toBuried(application, queue, message, error);
        LOG.log(
                Level.WARNING,
                "job " + message.id() + " (" + message.type() + ") used its last retry and is buried",
                error);
        return new Decision(JobState.BURIED, null);
    }

    /**
     * Hands the job's keys on once the failure's observers ran (so the next job of its key starts
     * after them), before its delivery is settled: a retry of a strict-order type keeps its place in
     * line, any other failure releases what the job holds.
     */
    void handOnKeys(String application, JobMessage message, Job<?> type, Decision decision) throws IOException {
        if (decision.outcome() != JobState.RETRYING) {
            keys.release(application, message);
        } else if (type.strictOrder()) {
            keys.keepPlace(application, message);
        } else {
            keys.releaseExecutionKey(application, message);
        }
    }
}
