package dev.roger.engine;

import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.InvalidJobException;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.UnknownJobTypeException;
import dev.roger.application.ApplicationRegistry;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobTypes;
import dev.roger.job.JobTypes.JobInstance;
import dev.roger.job.RegisteredJobType;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks a job completely, then publishes it; nothing is published for a job that would not run. */
final class Enqueuer {

    static final long CONFIRM_TIMEOUT_SECONDS = 30;

    private final ApplicationRegistry applications;
    private final JobTypes jobTypes;
    private final ArgsCodec argsCodec;
    private final JobCodec codec;
    private final Broker broker;

    Enqueuer(ApplicationRegistry applications, JobTypes jobTypes, ArgsCodec argsCodec, JobCodec codec, Broker broker) {
        this.applications = applications;
        this.jobTypes = jobTypes;
        this.argsCodec = argsCodec;
        this.codec = codec;
        this.broker = broker;
    }

    String enqueue(String application, String typeName, Object args, EnqueueOptions options) {
        CompletableFuture<String> published = enqueueAsync(application, typeName, args, options);
        try {
            return published.get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnqueueFailedException("interrupted while waiting for the broker's confirm", e);
        } catch (ExecutionException e) {
            throw new EnqueueFailedException("the broker did not take the job: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EnqueueFailedException("the broker did not confirm the job within " + CONFIRM_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Validates now (throwing at once), then completes with the job id when the broker confirms. */
    CompletableFuture<String> enqueueAsync(String application, String typeName, Object args, EnqueueOptions options) {
        Map<String, Integer> queues = applications.queuesOf(application).orElseThrow(
                () -> new UnknownApplicationException("application '" + application + "' is not started on this instance"));
        RegisteredJobType type = jobTypes.find(typeName).orElseThrow(() -> new UnknownJobTypeException(
                "no job type named '" + typeName + "'; known types: " + jobTypes.names()));
        JsonValue json;
        Object typedArgs;
        try {
            json = argsCodec.toJson(args);
            typedArgs = argsCodec.fromJson(json, type.argsType());
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("the args of job type '" + typeName + "' " + e.getMessage(), e);
        }
        JobMessage job;
        String queue;
        try (JobInstance instance = jobTypes.instantiate(type)) {
            queue = options.queue() != null ? options.queue() : instance.job().queue(typedArgs);
            job = new JobMessage(UUID.randomUUID().toString(), type.name(), json, instance.job().queueKey(typedArgs),
                    instance.job().executionKey(typedArgs), 0, Instant.now());
        }
        if (queue == null || !queues.containsKey(queue)) {
            throw new InvalidJobException("application '" + application + "' has no queue '" + queue
                    + "'; its queues: " + queues.keySet());
        }
        CompletableFuture<Void> confirmed;
        try {
            confirmed = broker.publisher().publish(QueueNames.main(application, queue), codec.properties(job, application),
                    codec.encode(job));
        } catch (IllegalStateException e) {
            throw new EnqueueFailedException("cannot publish: " + e.getMessage(), e);
        }
        return confirmed.thenApply(ignored -> job.id());
    }
}
