package dev.roger.engine;

import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.buried.BuriedRow;
import dev.roger.buried.BuriedStore;
import dev.roger.buried.ParkedRow;
import dev.roger.buried.ParkedStore;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.worker.JobRouting;
import dev.roger.worker.RetryScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Moves what the buried, parked and retry queues of an earlier release hold into the database, once
 * per application and start (an upgrade from a release that kept them in RabbitMQ).
 */
final class EarlierQueues {

    private static final Logger LOG = Logger.getLogger(EarlierQueues.class.getName());
    /** Headers the buried and parked queues of earlier releases carry, read when they are drained. */
    static final String REASON_HEADER = "x-roger-reason";

    static final String QUEUE_HEADER = "x-roger-queue";
    static final String FAILED_AT_HEADER = "x-roger-failed-at";
    static final String PARKED_ID_HEADER = "x-roger-parked-id";

    private final Broker broker;
    private final JobCodec codec;
    private final JobRouting routing;
    private final BuriedStore buried;
    private final ParkedStore parked;
    private final RetryScheduler retries;
    /** The retry levels, in seconds: an earlier release kept a queue per level. */
    private final List<Integer> retryDelays;

    EarlierQueues(
            Broker broker,
            JobCodec codec,
            JobRouting routing,
            BuriedStore buried,
            ParkedStore parked,
            RetryScheduler retries,
            List<Integer> retryDelays) {
        this.broker = broker;
        this.codec = codec;
        this.routing = routing;
        this.buried = buried;
        this.parked = parked;
        this.retries = retries;
        this.retryDelays = List.copyOf(retryDelays);
    }

    /**
     * Moves what the buried, parked and retry queues of an earlier release hold into the database (a
     * job waiting for its retry waits there for its level's delay, then shows among the retries). Each
     * message is acknowledged only after its row is stored, and a repeated drain stores a message
     * once, so an upgrade loses nothing. The empty queues stay (RabbitMQ cannot delete a quorum queue
     * only if it is empty): an operator deletes them.
     */
    public int drainEarlierQueues(String application, Iterable<String> queues) {
        int moved = 0;
        for (String queue : queues) {
            moved += drain(
                    QueueNames.buried(application, queue),
                    response -> buried.bury(buriedRow(application, queue, response)));
            for (int seconds : retryDelays) {
                moved += drain(
                        QueueNames.retry(application, queue, seconds),
                        response -> retryLater(application, queue, seconds, response));
            }
        }
        moved += drain(QueueNames.parked(application), response -> parked.park(parkedRow(application, response)));
        return moved;
    }

    @FunctionalInterface
    private interface Store {
        void store(GetResponse response);
    }

    private int drain(String queue, Store store) {
        if (!broker.queueExists(queue)) {
            return 0;
        }
        int moved = broker.withChannel("drain " + queue, channel -> {
            int count = 0;
            GetResponse response;
            while ((response = channel.basicGet(queue, false)) != null) {
                store.store(response);
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                count++;
            }
            return count;
        });
        if (moved > 0) {
            LOG.info(() ->
                    "moved " + moved + " message(s) of " + queue + " (an earlier release's queue) into the database");
        }
        return moved;
    }

    /** A job of an earlier release's retry queue waits for its retry in the database; anything else is parked. */
    private void retryLater(String application, String queue, int seconds, GetResponse response) {
        try {
            JobMessage job = codec.decode(response.getBody());
            retries.retryLater(
                    application,
                    queue,
                    job,
                    Duration.ofSeconds(seconds),
                    "(waiting for its retry in an earlier release)");
        } catch (InvalidMessageException e) {
            routing.toParked(
                    application,
                    queue,
                    response.getProps(),
                    response.getBody(),
                    "in the retry queue of an earlier release, but not a job: " + e.getMessage());
        }
    }

    private BuriedRow buriedRow(String application, String queue, GetResponse response) {
        String error = Optional.ofNullable(header(response, REASON_HEADER)).orElse("(buried by an earlier release)");
        long buriedAt = parseInstant(header(response, FAILED_AT_HEADER));
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        try {
            JobMessage job = codec.decode(response.getBody());
            return new BuriedRow(0, application, queue, job.id(), job.type(), job.retryCount(), error, buriedAt, body);
        } catch (InvalidMessageException e) {
            // not a job: keep it, under a made-up id, rather than drop it
            String id = Optional.ofNullable(response.getProps().getMessageId())
                    .orElse(UUID.randomUUID().toString());
            return new BuriedRow(0, application, queue, id, "(not a job)", 0, error, buriedAt, body);
        }
    }

    private static ParkedRow parkedRow(String application, GetResponse response) {
        String parkedId = Optional.ofNullable(header(response, PARKED_ID_HEADER))
                .orElse(UUID.randomUUID().toString());
        String reason = Optional.ofNullable(header(response, REASON_HEADER)).orElse("(parked by an earlier release)");
        return new ParkedRow(
                0,
                parkedId,
                application,
                header(response, QUEUE_HEADER),
                response.getProps().getMessageId(),
                reason,
                parseInstant(header(response, FAILED_AT_HEADER)),
                response.getBody());
    }

    private static long parseInstant(String text) {
        try {
            return text == null
                    ? System.currentTimeMillis()
                    : Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return System.currentTimeMillis();
        }
    }

    private static String header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return Optional.ofNullable(headers)
                .map(h -> h.get(name))
                .map(Object::toString)
                .orElse(null);
    }
}
