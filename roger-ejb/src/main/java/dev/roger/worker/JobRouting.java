package dev.roger.worker;

import com.rabbitmq.client.AMQP;
import dev.roger.amqp.PublishFailedException;
import dev.roger.amqp.PublishLane;
import dev.roger.amqp.Publisher;
import dev.roger.amqp.QueueNames;
import dev.roger.amqp.Topology;
import dev.roger.api.StateRejectedException;
import dev.roger.buried.BuriedRow;
import dev.roger.buried.BuriedStore;
import dev.roger.buried.ParkedRow;
import dev.roger.buried.ParkedStore;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.keys.HeldJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a job to its retry or delay queue (returning only once the broker confirmed it) or into the
 * buried or parked table (once the database has it), so the worker can then acknowledge the original
 * without any chance of losing the job.
 */
public final class JobRouting {

    private static final Logger LOG = Logger.getLogger(JobRouting.class.getName());
    private static final int MAX_REASON_LENGTH = 4000;
    private static final String REFUSED = " (the database refused the full text; see the log)";

    private final Publisher publisher;
    private final Topology topology;
    private final JobCodec codec;
    private final BuriedStore buried;
    private final ParkedStore parked;
    private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();

    public JobRouting(Publisher publisher, Topology topology, JobCodec codec, BuriedStore buried, ParkedStore parked) {
        this.publisher = publisher;
        this.topology = topology;
        this.codec = codec;
        this.buried = buried;
        this.parked = parked;
    }

    /** Delay queues are declared on first use: most applications never need most of them. */
    private void declareOnce(String queue, Runnable declaration) throws IOException {
        if (!declaredQueues.contains(queue)) {
            try {
                declaration.run();
            } catch (RuntimeException e) {
                throw new IOException("cannot declare " + queue + ": " + e.getMessage(), e);
            }
            declaredQueues.add(queue);
        }
    }

    /** Puts a job back on its queue after a short delay, through a delay queue like the retry levels. */
    public void toDelay(String application, String queue, JobMessage job, int delaySeconds) throws IOException {
        String delayQueue = QueueNames.delay(application, queue, delaySeconds);
        declareOnce(delayQueue, () -> topology.declareDelay(application, queue, delaySeconds));
        publish(delayQueue, codec.properties(job, application), codec.encode(job));
    }

    /** Hands a job the database held (waiting for its execution key, or detached) back to its queue. */
    public void republish(HeldJob held) throws IOException {
        JobMessage job;
        try {
            job = codec.decode(held.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (dev.roger.job.InvalidMessageException e) {
            throw new IOException("a held job cannot be read back: " + e.getMessage(), e);
        }
        publish(
                QueueNames.main(held.application(), held.queue()),
                codec.properties(job, held.application()),
                codec.encode(job));
    }

    /** Publishes a message that is not a job (a parked one an operator retries) to a main queue, byte for byte. */
    public void toQueueAsItIs(String application, String queue, String messageId, byte[] body) throws IOException {
        publish(
                QueueNames.main(application, queue),
                new AMQP.BasicProperties.Builder()
                        .deliveryMode(2)
                        .messageId(messageId)
                        .appId(application)
                        .build(),
                body);
    }

    /**
     * Keeps the job in the shared database with its error, until an operator retries or deletes it.
     * When the database refuses the error's text (a data error), the job is kept with the error's class
     * alone, so the job is never lost to a value Roger cannot store.
     */
    public void toBuried(String application, String queue, JobMessage job, Throwable error) {
        String body = new String(codec.encode(job), StandardCharsets.UTF_8);
        try {
            bury(application, queue, job, cap(describe(error)), body);
        } catch (StateRejectedException e) {
            LOG.log(
                    Level.WARNING,
                    "the database refused the error of job " + job.id() + "; it is buried with"
                            + " the error's class alone",
                    e);
            bury(application, queue, job, error.getClass().getName() + REFUSED, body);
        }
    }

    private void bury(String application, String queue, JobMessage job, String error, String body) {
        buried.bury(new BuriedRow(
                0,
                application,
                queue,
                job.id(),
                job.type(),
                job.retryCount(),
                error,
                System.currentTimeMillis(),
                body));
    }

    /**
     * Keeps the whole message in the shared database with the reason it could not run. When the
     * database refuses the reason or the message's id (a data error), the message is kept without them,
     * so a poison message is parked whatever it holds.
     */
    public void toParked(String application, String queue, AMQP.BasicProperties original, byte[] body, String reason) {
        String messageId = original == null ? null : original.getMessageId();
        try {
            park(application, queue, messageId, cap(reason), body);
        } catch (StateRejectedException e) {
            LOG.log(
                    Level.WARNING,
                    "the database refused the reason or id of a message parked from " + queue
                            + "; it is parked without them",
                    e);
            park(application, queue, null, "could not run" + REFUSED, body);
        }
    }

    private void park(String application, String queue, String messageId, String reason, byte[] body) {
        parked.park(new ParkedRow(
                0,
                UUID.randomUUID().toString(),
                application,
                queue,
                messageId,
                reason,
                System.currentTimeMillis(),
                body));
    }

    private static String cap(String reason) {
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
    }

    static String describe(Throwable error) {
        return error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private void publish(String queue, AMQP.BasicProperties properties, byte[] body) throws IOException {
        try {
            publisher.publishAndWait(PublishLane.JOBS, queue, properties, body);
        } catch (PublishFailedException e) {
            declaredQueues.remove(queue); // perhaps deleted by an operator: declare it again next time
            throw new IOException("publishing to " + queue + " failed: " + e.getMessage(), e.getCause());
        }
    }
}
