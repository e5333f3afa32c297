package dev.roger.worker;

import com.rabbitmq.client.AMQP;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.amqp.Topology;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.state.ParkedJob;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moves a job to its retry, buried or parking queue and returns only once the broker confirmed it,
 * so the worker can then acknowledge the original without any chance of losing the job.
 */
public final class JobRouting {

    public static final String REASON_HEADER = "x-roger-reason";
    public static final String QUEUE_HEADER = "x-roger-queue";
    public static final String FAILED_AT_HEADER = "x-roger-failed-at";
    public static final String PARKED_ID_HEADER = "x-roger-parked-id";
    private static final long CONFIRM_TIMEOUT_SECONDS = 30;
    private static final int MAX_REASON_LENGTH = 4000;

    private final Broker broker;
    private final Topology topology;
    private final JobCodec codec;
    private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();

    public JobRouting(Broker broker, Topology topology, JobCodec codec) {
        this.broker = broker;
        this.topology = topology;
        this.codec = codec;
    }

    /** Retry, delay, buried and parked queues are declared on first use: most applications never need most of them. */
    public void toRetry(String application, String queue, JobMessage job, int delaySeconds) throws IOException {
        String retryQueue = QueueNames.retry(application, queue, delaySeconds);
        declareOnce(retryQueue, channel -> topology.declareRetry(channel, application, queue, delaySeconds));
        publish(retryQueue, codec.properties(job, application), codec.encode(job));
    }

    @FunctionalInterface
    private interface Declaration {
        void declare(com.rabbitmq.client.Channel channel) throws IOException;
    }

    private void declareOnce(String queue, Declaration declaration) throws IOException {
        if (!declaredQueues.contains(queue)) {
            try {
                broker.withChannel(channel -> {
                    declaration.declare(channel);
                    return null;
                });
            } catch (TimeoutException e) {
                throw new IOException("declaring " + queue + " timed out", e);
            }
            declaredQueues.add(queue);
        }
    }

    /** Puts a job back on its queue after a short delay, through a delay queue like the retry levels. */
    public void toDelay(String application, String queue, JobMessage job, int delaySeconds) throws IOException {
        String delayQueue = QueueNames.delay(application, queue, delaySeconds);
        declareOnce(delayQueue, channel -> topology.declareDelay(channel, application, queue, delaySeconds));
        publish(delayQueue, codec.properties(job, application), codec.encode(job));
    }

    /** Hands a job that waited for its execution key back to its queue. */
    public void republish(ParkedJob parked) throws IOException {
        JobMessage job;
        try {
            job = codec.decode(parked.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (dev.roger.job.InvalidMessageException e) {
            throw new IOException("a parked job cannot be read back: " + e.getMessage(), e);
        }
        publish(QueueNames.main(parked.application(), parked.queue()), codec.properties(job, parked.application()),
                codec.encode(job));
    }

    public void toBuried(String application, String queue, JobMessage job, Throwable error) throws IOException {
        AMQP.BasicProperties properties = withHeaders(codec.properties(job, application), describe(error), queue);
        declareOnce(QueueNames.buried(application, queue), channel -> topology.declareBuried(channel, application, queue));
        publish(QueueNames.buried(application, queue), properties, codec.encode(job));
    }

    /** Keeps the original body and properties, with the reason it could not run. */
    public void toParked(String application, String queue, AMQP.BasicProperties original, byte[] body, String reason)
            throws IOException {
        AMQP.BasicProperties base = original != null ? original : new AMQP.BasicProperties();
        AMQP.BasicProperties parked = withHeaders(base.builder().deliveryMode(2).build(), reason, queue);
        Map<String, Object> headers = new HashMap<>(parked.getHeaders());
        headers.put(PARKED_ID_HEADER, java.util.UUID.randomUUID().toString());
        declareOnce(QueueNames.parked(application), channel -> topology.declareParked(channel, application));
        publish(QueueNames.parked(application), parked.builder().headers(headers).build(), body);
    }

    private static AMQP.BasicProperties withHeaders(AMQP.BasicProperties properties, String reason, String queue) {
        Map<String, Object> headers = properties.getHeaders() == null ? new HashMap<>() : new HashMap<>(properties.getHeaders());
        headers.put(REASON_HEADER, reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        headers.put(QUEUE_HEADER, queue);
        headers.put(FAILED_AT_HEADER, Instant.now().toString());
        return properties.builder().headers(headers).build();
    }

    static String describe(Throwable error) {
        return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private void publish(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException {
        try {
            broker.publisher().publish(queue, properties, body).get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to " + queue, e);
        } catch (ExecutionException e) {
            declaredQueues.remove(queue); // perhaps deleted by an operator: declare it again next time
            throw new IOException("publishing to " + queue + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new IOException("publishing to " + queue + " failed: " + e, e);
        }
    }
}
