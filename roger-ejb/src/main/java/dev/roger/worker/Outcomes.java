package dev.roger.worker;

import com.rabbitmq.client.AMQP;
import dev.roger.amqp.QueueNames;
import dev.roger.api.Job;
import dev.roger.api.JobContext;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import java.io.IOException;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Applies a job's outcome on one queue, each the same way: first the job goes where the outcome
 * sends it (retry or buried table, parked), then its state changes through the {@link JobLifecycle},
 * whose effect hands its keys on and settles the delivery, once. The users' observers hear the outcome
 * before the keys go on (the next job of an execution key starts after them), and the record once the
 * ack is through. A failure on the way returns the message to its queue instead of losing the job.
 */
final class Outcomes {

    private static final Logger LOG = Logger.getLogger(Outcomes.class.getName());
    /** How long a redelivered job waits before it looks again while its first delivery still runs. */
    private static final int BUSY_DELAY_SECONDS = 1;

    private final String application;
    private final String queue;
    private final DeliverySettler settler;
    private final Workers.Moves shared;

    Outcomes(String application, String queue, DeliverySettler settler, Workers.Moves shared) {
        this.application = application;
        this.queue = queue;
        this.settler = settler;
        this.shared = shared;
    }

    /**
     * The job starts to run here: its record says so and {@code BeforeRun} fires, before {@code perform}.
     * {@code recordedArgs} makes the args as its record keeps them (null: none), only if a record asks.
     */
    void started(
            RunningJob running, JobContext job, JobMessage message, java.util.function.Supplier<String> recordedArgs)
            throws IOException {
        move(
                running,
                change(running, message, JobState.RUNNING).withRun(job).withRecordedArgsFrom(recordedArgs),
                JobLifecycle.Effect.NONE);
    }

    /** {@code keepResult}: the job type lets its record keep the result. */
    void succeeded(RunningJob running, JobContext job, JobMessage message, Object result, boolean keepResult)
            throws IOException {
        move(running, ended(running, job, message, JobState.SUCCEEDED).withResult(result, keepResult), () -> {
            shared.keys().release(application, message);
            settler.ack(running);
        });
    }

    /** {@link Retries} decides where the job goes; then the delivery is settled. */
    void failed(RunningJob running, JobContext job, JobMessage message, Job<?> type, Throwable error)
            throws IOException {
        Retries.Decision decision = shared.retries().afterFailure(application, queue, message, type, error);
        JobChange change = ended(running, job, message, decision.outcome()).withError(error);
        if (decision.dueAt() != null) {
            change = change.withDueAt(decision.dueAt());
        }
        if (decision.outcome() == JobState.FAILED) {
            change = change.withBody(running.body());
        }
        move(running, change, () -> {
            shared.retries().handOnKeys(application, message, type, decision);
            settler.ack(running);
        });
    }

    /** The cancelled event fires for the one worker that claims the cancel; duplicates are dropped quietly. */
    void cancelled(RunningJob running, JobContext job, JobMessage message) throws IOException {
        boolean claimed = shared.cancels().claim(application, job.id());
        if (claimed) {
            LOG.info(() -> "job " + job.id() + " (" + job.type() + ") is cancelled");
        }
        move(running, ended(running, job, message, JobState.CANCELLED).withAnnounced(claimed), () -> {
            shared.flags().cancelHandled(application, job.id());
            shared.keys().release(application, message);
            settler.ack(running);
        });
    }

    /** Sets the whole message aside for an operator, with the reason it cannot run; {@code message} is null when it cannot be read. */
    void parked(RunningJob running, AMQP.BasicProperties properties, byte[] body, JobMessage message, String reason)
            throws IOException {
        LOG.warning(() -> "parking a message of " + QueueNames.main(application, queue) + " in "
                + QueueNames.parked(application) + ": " + reason);
        shared.routing().toParked(application, queue, properties, body, reason);
        move(running, change(running, message, JobState.PARKED).withReason(reason), () -> {
            if (message != null) {
                shared.keys().release(application, message);
            }
            settler.ack(running);
        });
    }

    /** The instance or the application stops under the job: it keeps its place in line and runs again. */
    void stopped(RunningJob running, JobMessage message) {
        shared.keys().keepPlace(application, message);
        returned(running);
    }

    /** The message goes back to its queue as it is (the work on it failed, or never started). */
    void returned(RunningJob running) {
        settler.requeue(running);
        running.enter(shared.lifecycle().change(change(running, running.message(), JobState.QUEUED)));
    }

    /** The database holds the job until its execution key is free; the message can go. */
    void waitsForKey(RunningJob running) throws IOException {
        move(running, change(running, running.message(), JobState.WAITING_FOR_KEY), () -> settler.ack(running));
    }

    /** Another delivery of the job runs: this one comes back after a short delay. */
    void waitsForTurn(RunningJob running, JobMessage message) throws IOException {
        shared.routing().toDelay(application, queue, message, BUSY_DELAY_SECONDS);
        move(running, change(running, message, JobState.WAITING_FOR_KEY), () -> settler.ack(running));
    }

    private JobChange change(RunningJob running, JobMessage message, JobState to) {
        return JobChange.of(application, queue, message, running.state(), to);
    }

    private JobChange ended(RunningJob running, JobContext job, JobMessage message, JobState to) {
        return change(running, message, to).withRun(job).withEndedAt(Instant.now());
    }

    private void move(RunningJob running, JobChange change, JobLifecycle.Effect effect) throws IOException {
        running.enter(shared.lifecycle().change(change, effect));
    }
}
