package dev.roger.buried;

import dev.roger.api.BuriedJob;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * What operators do with buried jobs and parked messages. Both live in the shared database, so
 * listing, retrying and deleting them never reads a broker queue: no delivery limit to wear down,
 * however often anyone looks ({@code EarlierQueues} drains the queues earlier releases kept them in).
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    public static final int MAX_LIST = 1000;
    private static final int BODY_PREVIEW = 2000;
    private static final int RETRY_ALL_PAGE = 500;
    /** Rows read from the database at a time while listing. */
    private static final int LIST_PAGE = 100;

    private final JobCodec codec;
    private final AsItIs asItIs;
    private final BuriedStore buried;
    private final ParkedStore parked;

    /** Puts a job back on its queue as a fresh job (keys checked like an enqueue); returns once confirmed. */
    @FunctionalInterface
    public interface Requeue {
        /** {@code from}: where the job was kept (buried or parked), the state it leaves. */
        void requeue(String application, String queue, JobMessage job, JobState from);
    }

    /** Publishes a message that is not a job to its queue byte for byte; returns once confirmed. */
    @FunctionalInterface
    public interface AsItIs {
        void publish(String application, String queue, String messageId, byte[] body) throws java.io.IOException;
    }

    private final Requeue requeue;

    public DeadLetters(JobCodec codec, BuriedStore buried, ParkedStore parked, Requeue requeue, AsItIs asItIs) {
        this.codec = codec;
        this.asItIs = asItIs;
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
            asItIs.publish(application, row.queue(), row.messageId(), row.body());
        } catch (java.io.IOException e) {
            throw new EnqueueFailedException(
                    "cannot publish parked message " + row.parkedId() + ": " + e.getMessage(), e);
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

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIST + ", not " + limit);
        }
    }
}
