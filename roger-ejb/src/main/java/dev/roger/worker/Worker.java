package dev.roger.worker;

import com.rabbitmq.client.Delivery;
import dev.roger.api.JobContext;
import dev.roger.api.JobTimeoutException;
import dev.roger.api.StateUnavailableException;
import dev.roger.job.ArgsCodec;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobTypes;
import dev.roger.job.JobTypes.JobInstance;
import dev.roger.job.RegisteredJobType;
import dev.roger.keys.ExecutionDecision;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works the deliveries of one queue: decode, check cancel, delivery limit and execution key, run, and
 * hand the result to {@link Outcomes}, which settles the delivery. Anything unexpected returns the
 * message to its queue instead, so a job is never lost.
 */
final class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    /** How often at most a run's progress is written to its record. */
    static final Duration PROGRESS_RECORDED_EVERY = Duration.ofSeconds(1);

    /** The checks a delivery passes before it runs: delivery limit, execution key, database hold. */
    record Guards(ExecutionTurns turns, DeliveryLimit deliveryLimit, DatabaseHold databaseHold) {}

    private final String application;
    private final String queue;
    private final Outcomes outcomes;
    private final JobCodec codec;
    private final ArgsCodec argsCodec;
    private final JobTypes jobTypes;
    private final CancelsAndPauses flags;
    private final ExecutionTurns turns;
    private final DeliveryLimit deliveryLimit;
    private final DatabaseHold databaseHold;
    private final ScheduledExecutorService timeouts;
    private final CurrentRuns runs;
    private final Workers.ProgressSink progress;

    Worker(
            String application,
            String queue,
            Outcomes outcomes,
            Workers.Reading reading,
            Guards guards,
            CancelsAndPauses flags,
            Workers.Threads threads,
            Workers.ProgressSink progress) {
        this.application = application;
        this.queue = queue;
        this.outcomes = outcomes;
        this.codec = reading.codec();
        this.argsCodec = reading.argsCodec();
        this.jobTypes = reading.jobTypes();
        this.flags = flags;
        this.turns = guards.turns();
        this.deliveryLimit = guards.deliveryLimit();
        this.databaseHold = guards.databaseHold();
        this.timeouts = threads.timeouts();
        this.runs = threads.runs();
        this.progress = progress;
    }

    /** Works one delivery to its end; on return the delivery is settled. */
    void work(RunningJob running, Delivery delivery) {
        try {
            if (running.isAborted()) {
                deliveryLimit.returnedByRoger(
                        application, delivery.getProperties().getMessageId());
                outcomes.returned(running);
                return;
            }
            decideAndRun(running, delivery);
            String messageId = delivery.getProperties().getMessageId();
            if (delivery.getEnvelope().isRedeliver() && messageId != null && !running.isAborted()) {
                deliveryLimit.forget(application, messageId);
            }
        } catch (Exception | LinkageError e) {
            LOG.log(
                    Level.SEVERE,
                    "could not finish the outcome of job " + running.jobId() + " (a delivery on "
                            + running.brokerQueue() + "); it returns to the queue",
                    e);
            Thread.interrupted();
            if (e instanceof StateUnavailableException) {
                databaseHold.holdWhileAway(running);
                // the outage's return is Roger's, not the job's doing (any other failure here counts)
                deliveryLimit.returnedByRoger(
                        application, delivery.getProperties().getMessageId());
            }
            outcomes.returned(running);
        }
    }

    /** The delivery goes back to its queue without having started: its redelivery is Roger's doing, not the job's. */
    void returnUnstarted(Delivery delivery) {
        deliveryLimit.returnedByRoger(application, delivery.getProperties().getMessageId());
    }

    private void decideAndRun(RunningJob running, Delivery delivery) throws IOException {
        // counted before anything reads the message, so no message of any shape is delivered for ever
        String tooOften = null;
        String messageId = delivery.getProperties().getMessageId();
        if (delivery.getEnvelope().isRedeliver() && messageId != null) {
            tooOften = deliveryLimit.countRedelivery(application, messageId);
        }
        JobMessage message;
        try {
            message = codec.decode(delivery.getBody());
        } catch (InvalidMessageException e) {
            park(running, delivery, null, "cannot decode the message: " + e.getMessage());
            return;
        }
        Optional<RegisteredJobType> type = jobTypes.find(message.type());
        if (type.isEmpty()) {
            park(running, delivery, message, "unknown job type '" + message.type() + "'");
            return;
        }
        Object args;
        try {
            args = argsCodec.fromJson(message.args(), type.get().argsType());
        } catch (IllegalArgumentException e) {
            park(running, delivery, message, "the args of job type '" + message.type() + "' " + e.getMessage());
            return;
        }
        running.identify(message, delivery.getBody());
        if (tooOften != null) {
            park(running, delivery, message, tooOften);
            return;
        }
        JobContext job = new JobContext(
                application,
                queue,
                message.id(),
                message.type(),
                args,
                message.retryCount(),
                message.queuedAt(),
                Instant.now(),
                new ConcurrentHashMap<>());

        if (flags.isCancelled(application, job.id())) {
            outcomes.cancelled(running, job, message);
            return;
        }
        if (message.executionKey() == null) {
            run(running, job, message, type.get(), args);
        } else {
            runInTurn(running, job, message, type.get(), args);
        }
    }

    private void park(RunningJob running, Delivery delivery, JobMessage message, String reason) throws IOException {
        outcomes.parked(running, delivery.getProperties(), delivery.getBody(), message, reason);
    }

    /** One job of an execution key at a time: this instance's claim first, then the cluster's line. */
    private void runInTurn(RunningJob running, JobContext job, JobMessage message, RegisteredJobType type, Object args)
            throws IOException {
        if (!turns.claim(message.id())) {
            outcomes.waitsForTurn(running, message);
            return;
        }
        try {
            ExecutionDecision decision = turns.decide(application, queue, message, running.body());
            switch (decision) {
                case RUN -> run(running, job, message, type, args);
                case WAIT_FOR_KEY -> outcomes.waitsForKey(running);
                default -> outcomes.waitsForTurn(running, message);
            }
        } finally {
            turns.release(message.id());
        }
    }

    private void run(RunningJob running, JobContext job, JobMessage message, RegisteredJobType type, Object args)
            throws IOException {
        try (JobInstance instance = jobTypes.instantiate(type)) {
            outcomes.started(running, job, message, () -> recordedArgs(instance, message, args));
            Object result = null;
            Throwable error = null;
            ScheduledFuture<?> timeout = scheduleTimeout(running, instance);
            CurrentRun current = currentRun(running, message);
            try {
                result = runs.during(current, () -> instance.job().perform(args));
            } catch (Throwable t) {
                error = t;
            } finally {
                current.end();
                if (timeout != null) {
                    timeout.cancel(false);
                }
            }
            Thread.interrupted();
            switch (running.interruption()) {
                case ABORTED -> {
                    deliveryLimit.returnedByRoger(application, message.id());
                    outcomes.stopped(running, message);
                    return;
                }
                case CANCELLED -> {
                    outcomes.cancelled(running, job, message);
                    return;
                }
                case TIMED_OUT ->
                    error = new JobTimeoutException(
                            message.id(), instance.job().maxExecutionTime().orElseThrow());
                default -> {}
            }
            if (error == null) {
                outcomes.succeeded(running, job, message, result, instance.job().recordsResult());
            } else {
                outcomes.failed(running, job, message, instance.job(), error);
            }
        }
    }

    /** What {@code CurrentJob} answers during the run; its progress goes to the record at most once a second. */
    private CurrentRun currentRun(RunningJob running, JobMessage message) {
        ProgressThrottle record = new ProgressThrottle(
                PROGRESS_RECORDED_EVERY,
                System::nanoTime,
                (percent, text) -> progress.progress(application, queue, message, percent, text),
                (millis, task) -> {
                    ScheduledFuture<?> write = timeouts.schedule(task, millis, TimeUnit.MILLISECONDS);
                    return () -> write.cancel(false);
                });
        return new CurrentRun(running, message, flags, record);
    }

    private ScheduledFuture<?> scheduleTimeout(RunningJob running, JobInstance instance) {
        Optional<Duration> limit = instance.job().maxExecutionTime();
        return limit.map(d -> timeouts.schedule(running::timeOut, d.toMillis(), TimeUnit.MILLISECONDS))
                .orElse(null);
    }

    /** The args as the job's record keeps them; null: none, or the type's {@code recordedArgs} failed. */
    private String recordedArgs(JobInstance instance, JobMessage message, Object args) {
        try {
            return instance.recordedArgs(message.args(), args, argsCodec);
        } catch (RuntimeException e) {
            // the record goes without them; the job runs
            return null;
        }
    }
}
