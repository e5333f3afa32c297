package dev.roger.buried;

import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.api.BuriedJob;
import dev.roger.api.ParkedMessage;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.worker.JobRouting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What operators do with buried jobs and parked messages. Messages are read without acknowledgement
 * on a channel of their own; only the one acted on is acknowledged, and closing the channel returns
 * the others to their queue in their order.
 */
public final class DeadLetters {

    /** How far a search for one message goes. */
    public static final int MAX_SCAN = 10_000;
    public static final int MAX_LIST = 1000;
    private static final int BODY_PREVIEW = 2000;

    private final Broker broker;
    private final JobCodec codec;

    /** Puts a buried job back on its queue as a fresh job (keys checked like an enqueue). */
    @FunctionalInterface
    public interface Requeue {
        void requeue(String application, String queue, JobMessage job);
    }

    private final Requeue requeue;

    public DeadLetters(Broker broker, JobCodec codec, Requeue requeue) {
        this.broker = broker;
        this.codec = codec;
        this.requeue = requeue;
    }

    public List<BuriedJob> buried(String application, String queue, int limit) {
        checkLimit(limit);
        return read(QueueNames.buried(application, queue), channel -> {
            List<BuriedJob> jobs = new ArrayList<>();
            GetResponse response;
            while (jobs.size() < limit && (response = channel.basicGet(QueueNames.buried(application, queue), false)) != null) {
                jobs.add(describeBuried(response));
            }
            return jobs;
        }, List.of());
    }

    /** Queues the buried job again with its retry count reset; false when no such job is buried. */
    public boolean retry(String application, String queue, String jobId) {
        return act(QueueNames.buried(application, queue), r -> jobId.equals(r.getProps().getMessageId()),
                response -> requeue.requeue(application, queue, decode(response).withRetryCount(0)));
    }

    /** Queues every buried job of the queue again; returns how many. */
    public int retryAll(String application, String queue) {
        String buried = QueueNames.buried(application, queue);
        return read(buried, channel -> {
            int count = 0;
            GetResponse response;
            while (count < MAX_SCAN && (response = channel.basicGet(buried, false)) != null) {
                requeue.requeue(application, queue, decode(response).withRetryCount(0));
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                count++;
            }
            return count;
        }, 0);
    }

    public boolean deleteBuried(String application, String queue, String jobId) {
        return act(QueueNames.buried(application, queue), r -> jobId.equals(r.getProps().getMessageId()), r -> { });
    }

    public List<ParkedMessage> parked(String application, int limit) {
        checkLimit(limit);
        String parked = QueueNames.parked(application);
        return read(parked, channel -> {
            List<ParkedMessage> messages = new ArrayList<>();
            GetResponse response;
            while (messages.size() < limit && (response = channel.basicGet(parked, false)) != null) {
                messages.add(describeParked(response));
            }
            return messages;
        }, List.of());
    }

    public boolean deleteParked(String application, String parkedId) {
        return act(QueueNames.parked(application), r -> parkedId.equals(header(r, JobRouting.PARKED_ID_HEADER)), r -> { });
    }

    @FunctionalInterface
    private interface Match {
        boolean test(GetResponse response);
    }

    @FunctionalInterface
    private interface Action {
        void run(GetResponse response) throws IOException;
    }

    /** Finds the first matching message, acts on it and acknowledges it; the others go back untouched. */
    private boolean act(String queue, Match match, Action action) {
        return read(queue, channel -> {
            GetResponse response;
            int scanned = 0;
            while (scanned++ < MAX_SCAN && (response = channel.basicGet(queue, false)) != null) {
                if (match.test(response)) {
                    action.run(response);
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    return true;
                }
            }
            return false;
        }, false);
    }

    /** Runs the work on the queue; a buried or parked queue that was never needed does not exist yet and reads as empty. */
    private <T> T read(String queue, Broker.ChannelWork<T> work, T whenAbsent) {
        if (!broker.queueExists(queue)) {
            return whenAbsent;
        }
        return broker.withChannel("read " + queue, work);
    }

    private JobMessage decode(GetResponse response) throws IOException {
        try {
            return codec.decode(response.getBody());
        } catch (InvalidMessageException e) {
            throw new IOException("buried message " + response.getProps().getMessageId() + " is not a job: " + e.getMessage(), e);
        }
    }

    private BuriedJob describeBuried(GetResponse response) {
        String error = header(response, JobRouting.REASON_HEADER);
        String failedAt = header(response, JobRouting.FAILED_AT_HEADER);
        try {
            JobMessage job = codec.decode(response.getBody());
            return new BuriedJob(job.id(), job.type(), job.args(), job.retryCount(), job.queuedAt(), error, failedAt);
        } catch (InvalidMessageException e) {
            return new BuriedJob(response.getProps().getMessageId(), "(not a job)", null, 0, null, error, failedAt);
        }
    }

    private static ParkedMessage describeParked(GetResponse response) {
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        return new ParkedMessage(header(response, JobRouting.PARKED_ID_HEADER), response.getProps().getMessageId(),
                header(response, JobRouting.QUEUE_HEADER), header(response, JobRouting.REASON_HEADER),
                header(response, JobRouting.FAILED_AT_HEADER),
                body.length() > BODY_PREVIEW ? body.substring(0, BODY_PREVIEW) + "…" : body);
    }

    private static String header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        return Optional.ofNullable(headers).map(h -> h.get(name)).map(Object::toString).orElse(null);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIST + ", not " + limit);
        }
    }
}
