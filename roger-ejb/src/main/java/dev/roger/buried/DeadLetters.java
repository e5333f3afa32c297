package dev.roger.buried;

import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.api.BuriedJob;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.state.BuriedRow;
import dev.roger.state.BuriedStore;
import dev.roger.state.ParkedRow;
import dev.roger.state.ParkedStore;
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
 * What operators do with buried jobs and parked messages. Both live in the shared database, so
 * listing, retrying and deleting them never reads a broker queue: no delivery limit to wear down,
 * however often anyone looks. The buried and parked queues of earlier releases are drained into it.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    public static final int MAX_LIST = 1000;
    private static final int BODY_PREVIEW = 2000;
    private static final int RETRY_ALL_PAGE = 500;
    /** Rows read from the database at a time while listing. */
    private static final int LIST_PAGE = 100;
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

    /** Puts a job back on its queue as a fresh job (keys checked like an enqueue); returns once confirmed. */
    @FunctionalInterface
    public interface Requeue {
        /** {@code from}: where the job was kept (buried or parked), the state it leaves. */
        void requeue(String application, String queue, JobMessage job, JobState from);
    }

    private final Requeue requeue;
    private final RetryScheduler retries;
    /** The retry levels, in seconds: an earlier release kept a queue per level. */
    private final List<Integer> retryDelays;

    public DeadLetters(
            Broker broker,
            JobCodec codec,
            JobRouting routing,
            BuriedStore buried,
            ParkedStore parked,
            Requeue requeue,
            RetryScheduler retries,
            List<Integer> retryDelays) {
        this.retries = retries;
        this.retryDelays = List.copyOf(retryDelays);
        this.broker = broker;
        this.codec = codec;
        this.routing = routing;
        this.buried = buried;
        this.parked = parked;
        this.requeue = requeue;
    }

    /** Up to {@code limit} buried jobs, oldest first, truncated before their messages and errors exceed the byte budget. */
    public Listing<BuriedJob> buried(String application, String queue, int limit) {
        return buried(application, queue, limit, Listing.BYTE_BUDGET);
    }

    Listing<BuriedJob> buried(String application, String queue, int limit, long byteBudget) {
        checkLimit(limit);
        Listing.Builder<BuriedJob> jobs = Listing.builder(byteBudget);
        long after = 0;
        List<BuriedRow> page;
        // page by page, so a list of large jobs is never all in memory at once
        do {
            page = buried.list(application, queue, after, Math.min(LIST_PAGE, limit - jobs.size()));
            for (BuriedRow row : page) {
                byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
                if (!jobs.add(body.length + utf8Length(row.error()), () -> describe(row, body))) {
                    return jobs.build();
                }
                after = row.seq();
            }
        } while (!page.isEmpty() && jobs.size() < limit);
        return jobs.build();
    }

    /** Queues the buried job again with its retry count reset; false when no such job is buried. */
    public boolean retry(String application, String queue, String jobId) {
        return buried.take(
                application,
                queue,
                jobId,
                row -> requeue.requeue(application, queue, decode(row).withRetryCount(0), JobState.BURIED));
    }

    /** Queues every buried job of the queue again, page by page; returns how many. */
    public int retryAll(String application, String queue) {
        int count = 0;
        long after = 0;
        List<BuriedRow> page;
        do {
            page = buried.list(application, queue, after, RETRY_ALL_PAGE);
            for (BuriedRow row : page) {
                if (retry(application, queue, row.jobId())) {
                    count++;
                }
                after = row.seq();
            }
        } while (page.size() == RETRY_ALL_PAGE);
        return count;
    }

    public boolean deleteBuried(String application, String queue, String jobId) {
        return buried.delete(application, queue, jobId);
    }

    /** Up to {@code limit} parked messages, oldest first, truncated before their previews and reasons exceed the byte budget. */
    public Listing<ParkedMessage> parked(String application, int limit) {
        return parked(application, limit, Listing.BYTE_BUDGET);
    }

    Listing<ParkedMessage> parked(String application, int limit, long byteBudget) {
        checkLimit(limit);
        Listing.Builder<ParkedMessage> messages = Listing.builder(byteBudget);
        long after = 0;
        List<ParkedRow> page;
        do {
            page = parked.list(application, after, Math.min(LIST_PAGE, limit - messages.size()));
            for (ParkedRow row : page) {
                ParkedMessage message = describe(row);
                if (!messages.add(utf8Length(message.body()) + utf8Length(message.reason()), () -> message)) {
                    return messages.build();
                }
                after = row.seq();
            }
        } while (!page.isEmpty() && messages.size() < limit);
        return messages.build();
    }

    private static long utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Publishes a parked message to its queue again: a job as a fresh job (keys checked), anything else
     * byte for byte; false when there is no such message.
     */
    public boolean retryParked(String application, String parkedId) {
        return parked.take(application, parkedId, row -> {
            if (row.queue() == null) {
                throw new EnqueueFailedException(
                        "parked message " + parkedId + " does not say which queue it came from", null);
            }
            try {
                requeue.requeue(application, row.queue(), codec.decode(row.body()), JobState.PARKED);
            } catch (InvalidMessageException e) {
                publishAsItIs(application, row);
            }
        });
    }

    public boolean deleteParked(String application, String parkedId) {
        return parked.delete(application, parkedId);
    }

    private void publishAsItIs(String application, ParkedRow row) {
        try {
            routing.toQueueAsItIs(application, row.queue(), row.messageId(), row.body());
        } catch (java.io.IOException e) {
            throw new EnqueueFailedException(
                    "cannot publish parked message " + row.parkedId() + ": " + e.getMessage(), e);
        }
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

    private JobMessage decode(BuriedRow row) {
        try {
            return codec.decode(row.body().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException e) {
            throw new EnqueueFailedException("buried job " + row.jobId() + " is not a job: " + e.getMessage(), e);
        }
    }

    private BuriedJob describe(BuriedRow row, byte[] body) {
        String failedAt = Instant.ofEpochMilli(row.buriedAt()).toString();
        try {
            JobMessage job = codec.decode(body);
            return new BuriedJob(
                    job.id(), job.type(), job.args(), job.retryCount(), job.queuedAt(), row.error(), failedAt);
        } catch (InvalidMessageException e) {
            return new BuriedJob(row.jobId(), row.type(), null, row.retryCount(), null, row.error(), failedAt);
        }
    }

    private static ParkedMessage describe(ParkedRow row) {
        String body = new String(row.body(), StandardCharsets.UTF_8);
        return new ParkedMessage(
                row.parkedId(),
                row.messageId(),
                row.queue(),
                row.reason(),
                Instant.ofEpochMilli(row.parkedAt()).toString(),
                body.length() > BODY_PREVIEW ? body.substring(0, BODY_PREVIEW) + "…" : body);
    }

    private static String header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return Optional.ofNullable(headers)
                .map(h -> h.get(name))
                .map(Object::toString)
                .orElse(null);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIST + ", not " + limit);
        }
    }
}
