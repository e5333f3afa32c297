package dev.roger.worker;

import com.rabbitmq.client.AMQP;
import dev.roger.amqp.QueueNames;
import dev.roger.api.AfterRun;
import dev.roger.api.Job;
import dev.roger.api.JobBuried;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobContext;
import dev.roger.api.JobFailed;
import dev.roger.history.OutcomeTally;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.keys.JobKeys;
import dev.roger.records.JobRecords;
import dev.roger.state.CancelStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a job's outcome on one queue, each the same way: first the job goes where the outcome
 * sends it (retry queue, buried or parked table, the next job of its execution key handed on), then
 * its event fires, then the delivery is settled, once, and last the job's state moves by
 * {@link JobState}'s table. Settling last means a failure on the way returns the message to its
 * queue instead of losing the job.
 */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class.getName());
    /** How long a redelivered job waits before it looks again while its first delivery still runs. */
    private static final int BUSY_DELAY_SECONDS = 1;

    private final String application;
    private final String queue;
    private final DeliverySettler settler;
    private final QueueCounters counters;
    private final JobRouting routing;
    private final RetryPolicy retryPolicy;
    private final RetryScheduler retries;
    private final JobEvents events;
    private final JobKeys keys;
    private final CancelStore cancels;
    private final ControlFlags flags;
    private final JobRecords records;
    private final Function<Object, String> json;
    private final OutcomeTally history;

    Outcomes(
            String application,
            String queue,
            DeliverySettler settler,
            QueueCounters counters,
            JobRouting routing,
            RetryPolicy retryPolicy,
            RetryScheduler retries,
            JobEvents events,
            JobKeys keys,
            CancelStore cancels,
            ControlFlags flags,
            JobRecords records,
            Function<Object, String> json,
            OutcomeTally history) {
        this.history = history;
        this.records = records;
        this.json = json;
        this.application = application;
        this.queue = queue;
        this.settler = settler;
        this.counters = counters;
        this.routing = routing;
        this.retryPolicy = retryPolicy;
        this.retries = retries;
        this.events = events;
        this.keys = keys;
        this.cancels = cancels;
        this.flags = flags;
    }

    /** The job starts to run here. */
    void started(RunningJob running, JobMessage message) {
        running.moveTo(JobState.RUNNING);
        records.started(application, queue, message);
    }

    /** {@code keepResult}: the job type lets its record keep the result. */
    void succeeded(RunningJob running, JobContext job, JobMessage message, Object result, boolean keepResult)
            throws IOException {
        events.fire(new AfterRun(job, result, Instant.now()));
        String recordedResult = keepResult && records.isOn(application) ? json.apply(result) : null;
        keys.release(application, message);
        settler.ack(running);
        // recorded after the ack: when the ack fails, the job comes back and its record still says running
        records.succeeded(application, queue, message, recordedResult);
        running.moveTo(JobState.SUCCEEDED);
        counters.countProcessed();
        history.processed(application, queue, message.type());
    }

    /** Retry while the policy has a delay left, else burial; a job type that is not retryable fails for good. */
    void failed(RunningJob running, JobContext job, JobMessage message, Job<?> type, Throwable error)
            throws IOException {
        counters.countFailed();
        Optional<Duration> wait = type.retryable()
                ? retryPolicy.nextWait(message.retryCount(), ThreadLocalRandom.current()::nextDouble)
                : Optional.empty();
        JobState outcome;
        if (!type.retryable()) {
            outcome = JobState.FAILED;
            LOG.log(
                    Level.WARNING,
                    "job " + message.id() + " (" + message.type() + ") failed and is not retryable",
                    error);
            events.fire(new JobFailed(job, error, false, Instant.now()));
            keys.release(application, message);
        } else if (wait.isPresent()) {
            outcome = JobState.RETRYING;
            retries.retryLater(
                    application,
                    queue,
                    message.withRetryCount(message.retryCount() + 1),
                    wait.get(),
                    JobRouting.describe(error));
            if (type.strictOrder()) {
                keys.keepPlace(application, message);
            } else {
                keys.releaseExecutionKey(application, message);
            }
            events.fire(new JobFailed(job, error, true, Instant.now()));
        } else {
            outcome = JobState.BURIED;
            routing.toBuried(application, queue, message, error);
            LOG.log(
                    Level.WARNING,
                    "job " + message.id() + " (" + message.type() + ") used its last retry and is buried",
                    error);
            events.fire(new JobBuried(job, error, QueueNames.buried(application, queue), Instant.now()));
            keys.release(application, message);
        }
        history.failed(application, queue, message.type(), outcome == JobState.RETRYING, outcome == JobState.BURIED);
        settler.ack(running);
        records.failed(application, queue, message, outcome, error, outcome == JobState.FAILED ? running.body() : null);
        running.moveTo(outcome);
    }

    /** The cancelled event fires for the one worker that claims the cancel; duplicates are dropped quietly. */
    void cancelled(RunningJob running, JobContext job, JobMessage message) throws IOException {
        if (cancels.claim(application, job.id())) {
            LOG.info(() -> "job " + job.id() + " (" + job.type() + ") is cancelled");
            events.fire(new JobCancelled(job, Instant.now()));
        }
        flags.cancelHandled(application, job.id());
        keys.release(application, message);
        settler.ack(running);
        records.cancelled(application, queue, message);
        running.moveTo(JobState.CANCELLED);
    }

    /** Sets the whole message aside for an operator, with the reason it cannot run; {@code message} is null when it cannot be read. */
    void parked(RunningJob running, AMQP.BasicProperties properties, byte[] body, JobMessage message, String reason)
            throws IOException {
        LOG.warning(() -> "parking a message of " + QueueNames.main(application, queue) + " in "
                + QueueNames.parked(application) + ": " + reason);
        routing.toParked(application, queue, properties, body, reason);
        if (message != null) {
            keys.release(application, message);
        }
        settler.ack(running);
        records.parked(application, queue, message, reason);
        running.moveTo(JobState.PARKED);
    }

    /** The instance or the application stops under the job: it keeps its place in line and runs again. */
    void stopped(RunningJob running, JobMessage message) {
        keys.keepPlace(application, message);
        returned(running);
    }

    /** The message goes back to its queue as it is (the work on it failed, or never started). */
    void returned(RunningJob running) {
        settler.requeue(running);
        running.moveTo(JobState.QUEUED);
    }

    /** The database holds the job until its execution key is free; the message can go. */
    void waitsForKey(RunningJob running) throws IOException {
        settler.ack(running);
        running.moveTo(JobState.WAITING_FOR_KEY);
    }

    /** Another delivery of the job runs: this one comes back after a short delay. */
    void waitsForTurn(RunningJob running, JobMessage message) throws IOException {
        routing.toDelay(application, queue, message, BUSY_DELAY_SECONDS);
        settler.ack(running);
        running.moveTo(JobState.WAITING_FOR_KEY);
    }
}
