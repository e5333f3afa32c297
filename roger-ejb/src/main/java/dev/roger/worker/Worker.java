package dev.roger.worker;

import com.rabbitmq.client.Delivery;
import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import dev.roger.api.JobBuried;
import dev.roger.api.JobContext;
import dev.roger.api.JobFailed;
import dev.roger.api.JobTimeoutException;
import dev.roger.amqp.QueueNames;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobMessage;
import dev.roger.job.JobTypes.JobInstance;
import dev.roger.job.RegisteredJobType;

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
 * Works one delivery: decode, run, then route the outcome (success, retry, burial, parking) and
 * acknowledge only after that outcome is safely with the broker. Anything unexpected returns the
 * message to its queue instead, so a job is never lost.
 */
final class Worker implements Runnable {

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final QueueConsumer consumer;
    private final WorkerServices services;
    private final Delivery delivery;

    Worker(QueueConsumer consumer, WorkerServices services, Delivery delivery) {
        this.consumer = consumer;
        this.services = services;
        this.delivery = delivery;
    }

    @Override
    public void run() {
        long tag = delivery.getEnvelope().getDeliveryTag();
        RunningJob running = consumer.register(tag, Thread.currentThread());
        try {
            if (running.isAborted()) {
                consumer.requeue(tag);
                return;
            }
            work(running);
        } catch (Exception | LinkageError e) {
            LOG.log(Level.SEVERE, "could not finish the outcome of a delivery on " + consumer.brokerQueue()
                    + "; it returns to the queue", e);
            Thread.interrupted();
            consumer.requeue(tag);
        } finally {
            consumer.unregister(tag);
        }
    }

    private void work(RunningJob running) throws IOException {
        long tag = delivery.getEnvelope().getDeliveryTag();
        JobMessage message;
        try {
            message = services.codec().decode(delivery.getBody());
        } catch (InvalidMessageException e) {
            park("cannot decode the message: " + e.getMessage());
            return;
        }
        Optional<RegisteredJobType> type = services.jobTypes().find(message.type());
        if (type.isEmpty()) {
            park("unknown job type '" + message.type() + "'");
            return;
        }
        Object args;
        try {
            args = services.argsCodec().fromJson(message.args(), type.get().argsType());
        } catch (IllegalArgumentException e) {
            park("the args of job type '" + message.type() + "' " + e.getMessage());
            return;
        }
        running.identify(message.id(), message.type());
        JobContext job = new JobContext(consumer.application(), consumer.queue(), message.id(), message.type(), args,
                message.retryCount(), message.queuedAt(), Instant.now(), new ConcurrentHashMap<>());

        try (JobInstance instance = services.jobTypes().instantiate(type.get())) {
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
            boolean interrupted = Thread.interrupted();
            if (running.isAborted()) {
                consumer.requeue(tag);
                return;
            }
            if (running.isTimedOut()) {
                error = new JobTimeoutException(message.id(), instance.job().maxExecutionTime().orElseThrow());
            } else if (error == null && interrupted) {
                LOG.fine(() -> "job " + message.id() + " returned with its interrupt flag set");
            }
            if (error == null) {
                services.events().fire(new AfterRun(job, result, Instant.now()));
                consumer.ack(tag);
                consumer.countProcessed();
            } else {
                consumer.countFailed();
                fail(job, message, instance.job().retryable(), error);
                consumer.ack(tag);
            }
        }
    }

    private ScheduledFuture<?> scheduleTimeout(RunningJob running, JobInstance instance) {
        Optional<Duration> limit = instance.job().maxExecutionTime();
        return limit.map(d -> services.scheduler().schedule(running::timeOut, d.toMillis(), TimeUnit.MILLISECONDS))
                .orElse(null);
    }

    private void fail(JobContext job, JobMessage message, boolean retryable, Throwable error) throws IOException {
        if (!retryable) {
            LOG.log(Level.WARNING, "job " + message.id() + " (" + message.type() + ") failed and is not retryable", error);
            services.events().fire(new JobFailed(job, error, false, Instant.now()));
            return;
        }
        OptionalInt delay = services.retryPolicy().nextDelay(message.retryCount());
        if (delay.isPresent()) {
            services.routing().toRetry(job.application(), job.queue(), message.withRetryCount(message.retryCount() + 1),
                    delay.getAsInt());
            services.events().fire(new JobFailed(job, error, true, Instant.now()));
        } else {
            services.routing().toBuried(job.application(), job.queue(), message, error);
            LOG.log(Level.WARNING, "job " + message.id() + " (" + message.type() + ") used its last retry and is buried", error);
            services.events().fire(new JobBuried(job, error, QueueNames.buried(job.application(), job.queue()), Instant.now()));
        }
    }

    private void park(String reason) throws IOException {
        LOG.warning(() -> "parking a message of " + consumer.brokerQueue() + " in "
                + QueueNames.parked(consumer.application()) + ": " + reason);
        services.routing().toParked(consumer.application(), consumer.queue(), delivery.getProperties(),
                delivery.getBody(), reason);
        consumer.ack(delivery.getEnvelope().getDeliveryTag());
    }
}
