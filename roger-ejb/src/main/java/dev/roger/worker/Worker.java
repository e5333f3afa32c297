package dev.roger.worker;

import com.rabbitmq.client.Delivery;
import dev.roger.amqp.QueueNames;
import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import dev.roger.api.Job;
import dev.roger.api.JobBuried;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobContext;
import dev.roger.api.JobFailed;
import dev.roger.api.JobTimeoutException;
import dev.roger.api.StateUnavailableException;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.job.JobTypes.JobInstance;
import dev.roger.job.RegisteredJobType;
import dev.roger.state.ExecutionDecision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works one delivery: decode, check cancel and execution key, run, then route the outcome (success,
 * retry, burial, parking, cancel) and acknowledge only after that outcome is safely recorded.
 * Anything unexpected returns the message to its queue instead, so a job is never lost.
 */
final class Worker implements Runnable {

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    /** How long a redelivered job waits before it looks again while its first delivery still runs. */
    private static final int BUSY_DELAY_SECONDS = 1;

    private static final long FIRST_HOLD_PAUSE_MILLIS = 1000;
    private static final long LONGEST_HOLD_PAUSE_MILLIS = 15_000;

    private final QueueConsumer consumer;
    private final WorkerServices services;
    private final Delivery delivery;
    private final KeyRelease keys;

    Worker(QueueConsumer consumer, WorkerServices services, Delivery delivery) {
        this.consumer = consumer;
        this.services = services;
        this.delivery = delivery;
        this.keys = new KeyRelease(services);
    }

    @Override
    public void run() {
        long tag = delivery.getEnvelope().getDeliveryTag();
        RunningJob running = consumer.register(tag, Thread.currentThread());
        try {
            if (running.isAborted()) {
                consumer.requeue(running);
                return;
            }
            work(running);
            if (delivery.getEnvelope().isRedeliver() && running.jobId() != null && !running.isAborted()) {
                forgetDeliveries(running.jobId());
            }
        } catch (Exception | LinkageError e) {
            LOG.log(
                    Level.SEVERE,
                    "could not finish the outcome of job " + running.jobId() + " (a delivery on "
                            + consumer.brokerQueue() + "); it returns to the queue",
                    e);
            Thread.interrupted();
            if (e instanceof StateUnavailableException) {
                holdWhileTheDatabaseIsAway(running);
            }
            consumer.requeue(running);
            running.moveTo(JobState.QUEUED);
        } finally {
            consumer.unregister(tag);
        }
    }

    /**
     * Returned at once, the message would come straight back into the same outage, and every return
     * counts against a quorum queue's delivery limit: the worker keeps it, looks again with growing
     * pauses, and returns it once the database answers (or the instance stops, or the hold is over).
     */
    private void holdWhileTheDatabaseIsAway(RunningJob running) {
        long deadline = System.nanoTime() + services.databaseHold().toNanos();
        long pause = FIRST_HOLD_PAUSE_MILLIS;
        while (!running.isAborted() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                services.state().database().ping();
                return;
            } catch (RuntimeException e) {
                pause = Math.min(pause * 2, LONGEST_HOLD_PAUSE_MILLIS);
            }
        }
    }

    private void forgetDeliveries(String jobId) {
        try {
            services.state().deliveries().forget(consumer.application(), jobId);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the redelivery count of job " + jobId + " is forgotten by the maintenance instead", e);
        }
    }

    /**
     * Roger's bound on poison jobs (a job that kills its JVM, say): redeliveries are counted in the
     * database, and a job handed to workers more than {@code roger.max-deliveries} times is parked.
     * Only redeliveries cost a statement; a peek, which no worker sees, adds nothing.
     */
    private boolean deliveredTooOften(RunningJob running, JobMessage message) throws IOException {
        int deliveries = services.state().deliveries().redelivered(consumer.application(), message.id()) + 1;
        if (deliveries <= services.maxDeliveries()) {
            return false;
        }
        park(
                running,
                message,
                "handed to a worker " + deliveries + " times without an outcome (roger.max-deliveries="
                        + services.maxDeliveries() + "): its worker died or its instance stopped each time it ran");
        return true;
    }

    private void work(RunningJob running) throws IOException {
        JobMessage message;
        try {
            message = services.codec().decode(delivery.getBody());
        } catch (InvalidMessageException e) {
            park(running, null, "cannot decode the message: " + e.getMessage());
            return;
        }
        Optional<RegisteredJobType> type = services.jobTypes().find(message.type());
        if (type.isEmpty()) {
            park(running, message, "unknown job type '" + message.type() + "'");
            return;
        }
        Object args;
        try {
            args = services.argsCodec().fromJson(message.args(), type.get().argsType());
        } catch (IllegalArgumentException e) {
            park(running, message, "the args of job type '" + message.type() + "' " + e.getMessage());
            return;
        }
        running.identify(message, delivery.getBody());
        if (delivery.getEnvelope().isRedeliver() && deliveredTooOften(running, message)) {
            return;
        }
        JobContext job = new JobContext(
                consumer.application(),
                consumer.queue(),
                message.id(),
                message.type(),
                args,
                message.retryCount(),
                message.queuedAt(),
                Instant.now(),
                new ConcurrentHashMap<>());

        if (services.cache().isCancelled(job.application(), job.id())) {
            cancelled(running, job, message);
            return;
        }
        if (message.executionKey() == null) {
            run(running, job, message, type.get(), args);
        } else {
            runInTurn(running, job, message, type.get(), args);
        }
    }

    /** One job of an execution key at a time: this instance's claim first, then the cluster's line. */
    private void runInTurn(RunningJob running, JobContext job, JobMessage message, RegisteredJobType type, Object args)
            throws IOException {
        if (!services.claims().claim(message.id())) {
            waitForTurn(running, message);
            return;
        }
        try {
            if (mayRun(running, message)) {
                run(running, job, message, type, args);
            }
        } finally {
            services.claims().release(message.id());
        }
    }

    /** Applies the execution key: true when the job may run now; otherwise its message is settled. */
    private boolean mayRun(RunningJob running, JobMessage message) throws IOException {
        ExecutionDecision decision = services.state()
                .executionKeys()
                .tryStart(
                        consumer.application(),
                        consumer.queue(),
                        message.executionKey(),
                        message.id(),
                        services.instance(),
                        running.body(),
                        services.aliveSince());
        switch (decision) {
            case RUN:
                return true;
            case WAIT_FOR_KEY:
                consumer.ack(running);
                running.moveTo(JobState.WAITING_FOR_KEY);
                return false;
            default:
                waitForTurn(running, message);
                return false;
        }
    }

    /** Another delivery of the job runs: this one comes back after a short delay. */
    private void waitForTurn(RunningJob running, JobMessage message) throws IOException {
        services.routing().toDelay(consumer.application(), consumer.queue(), message, BUSY_DELAY_SECONDS);
        consumer.ack(running);
        running.moveTo(JobState.WAITING_FOR_KEY);
    }

    private void run(RunningJob running, JobContext job, JobMessage message, RegisteredJobType type, Object args)
            throws IOException {
        try (JobInstance instance = services.jobTypes().instantiate(type)) {
            running.moveTo(JobState.RUNNING);
            services.events().fire(new BeforeRun(job));
            Object result = null;
            Throwable error = null;
            ScheduledFuture<?> timeout = scheduleTimeout(running, instance);
            try {
                result = instance.job().perform(args);
            } catch (Throwable t) {
                error = t;
            } finally {
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
            Thread.interrupted();
            switch (running.interruption()) {
                case ABORTED -> {
                    // the instance or application stops: the job will run again
                    if (message.executionKey() != null) {
                        services.state().executionKeys().requeued(job.application(), job.id());
                    }
                    consumer.requeue(running);
                    running.moveTo(JobState.QUEUED);
                    return;
                }
                case CANCELLED -> {
                    cancelled(running, job, message);
                    return;
                }
                case TIMED_OUT ->
                    error = new JobTimeoutException(
                            message.id(), instance.job().maxExecutionTime().orElseThrow());
                default -> {}
            }
            if (error == null) {
                services.events().fire(new AfterRun(job, result, Instant.now()));
                keys.release(job.application(), message);
                consumer.ack(running);
                running.moveTo(JobState.SUCCEEDED);
                consumer.countProcessed();
            } else {
                consumer.countFailed();
                fail(running, job, message, instance.job(), error);
            }
        }
    }

    private ScheduledFuture<?> scheduleTimeout(RunningJob running, JobInstance instance) {
        Optional<Duration> limit = instance.job().maxExecutionTime();
        return limit.map(d -> services.scheduler().schedule(running::timeOut, d.toMillis(), TimeUnit.MILLISECONDS))
                .orElse(null);
    }

    private void fail(RunningJob running, JobContext job, JobMessage message, Job<?> type, Throwable error)
            throws IOException {
        boolean retryable = type.retryable();
        OptionalInt delay = retryable ? services.retryPolicy().nextDelay(message.retryCount()) : OptionalInt.empty();
        JobState outcome;
        if (!retryable) {
            outcome = JobState.FAILED;
            LOG.log(
                    Level.WARNING,
                    "job " + message.id() + " (" + message.type() + ") failed and is not retryable",
                    error);
            services.events().fire(new JobFailed(job, error, false, Instant.now()));
            keys.release(job.application(), message);
        } else if (delay.isPresent()) {
            outcome = JobState.RETRYING;
            services.routing()
                    .toRetry(
                            job.application(),
                            job.queue(),
                            message.withRetryCount(message.retryCount() + 1),
                            delay.getAsInt());
            if (message.executionKey() != null && type.strictOrder()) {
                services.state().executionKeys().requeued(job.application(), job.id());
            } else {
                keys.releaseExecutionKey(job.application(), message);
            }
            services.events().fire(new JobFailed(job, error, true, Instant.now()));
        } else {
            outcome = JobState.BURIED;
            services.routing().toBuried(job.application(), job.queue(), message, error);
            LOG.log(
                    Level.WARNING,
                    "job " + message.id() + " (" + message.type() + ") used its last retry and is buried",
                    error);
            services.events()
                    .fire(new JobBuried(job, error, QueueNames.buried(job.application(), job.queue()), Instant.now()));
            keys.release(job.application(), message);
        }
        consumer.ack(running);
        running.moveTo(outcome);
    }

    /** The cancelled event fires for the one worker that claims the cancel; duplicates are dropped quietly. */
    private void cancelled(RunningJob running, JobContext job, JobMessage message) throws IOException {
        if (services.state().cancels().claim(job.application(), job.id())) {
            LOG.info(() -> "job " + job.id() + " (" + job.type() + ") is cancelled");
            services.events().fire(new JobCancelled(job, Instant.now()));
        }
        services.cache().cancelHandled(job.application(), job.id());
        keys.release(job.application(), message);
        consumer.ack(running);
        running.moveTo(JobState.CANCELLED);
    }

    private void park(RunningJob running, JobMessage message, String reason) throws IOException {
        LOG.warning(() -> "parking a message of " + consumer.brokerQueue() + " in "
                + QueueNames.parked(consumer.application()) + ": " + reason);
        services.routing()
                .toParked(
                        consumer.application(), consumer.queue(), delivery.getProperties(), delivery.getBody(), reason);
        if (message != null) {
            keys.release(consumer.application(), message);
        }
        consumer.ack(running);
        running.moveTo(JobState.PARKED);
    }
}
