package dev.roger.purge;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.api.QueuePurge;
import dev.roger.api.RogerException;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.keys.JobKeys;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The purges this instance runs. A purge takes the jobs that were queued when it started off the queue
 * one by one, in the background: each job's keys are released, then its message is acknowledged, then
 * its record says {@code purged} (through the lifecycle, as every change of a job). A broker's purge
 * would drop the messages unread, so their records would say queued for ever, and only releasing the
 * whole queue's keys (those of its scheduled and retrying jobs too) would free theirs. Jobs enqueued
 * after the start stay; so do jobs that workers hold (they run). Purges run one at a time here, in the
 * order asked; a finished one stays visible for {@link #KEPT}.
 */
public final class QueuePurges implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(QueuePurges.class.getName());

    /** How long a finished purge stays in the instance's report. */
    static final Duration KEPT = Duration.ofMinutes(10);

    private record Key(String application, String queue) {}

    private final String instance;
    private final Broker broker;
    private final JobCodec codec;
    private final JobKeys keys;
    private final JobLifecycle lifecycle;
    private final ThreadPoolExecutor runner;
    private final Map<Key, Progress> purges = new ConcurrentHashMap<>();

    public QueuePurges(
            String instance,
            Broker broker,
            JobCodec codec,
            JobKeys keys,
            JobLifecycle lifecycle,
            ThreadFactory threads) {
        this.instance = instance;
        this.broker = broker;
        this.codec = codec;
        this.keys = keys;
        this.lifecycle = lifecycle;
        // one thread while purges wait, none when there are none
        this.runner = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        runner.allowCoreThreadTimeOut(true);
    }

    /** Starts a purge of the queue, or returns the one that runs already. */
    public synchronized QueuePurge start(String application, String queue) {
        forgetOld();
        Key key = new Key(application, queue);
        Progress running = purges.get(key);
        if (running != null && running.endedAt == null) {
            return running.report();
        }
        String name = QueueNames.main(application, queue);
        long total = broker.withChannel("count the jobs of " + name, channel ->
                (long) channel.queueDeclarePassive(name).getMessageCount());
        Progress progress = new Progress(application, queue, total, Instant.now());
        try {
            runner.execute(() -> run(progress));
        } catch (RejectedExecutionException e) {
            throw new RogerException("cannot purge " + name + ": Roger is stopping", e);
        }
        purges.put(key, progress);
        LOG.info(() -> "purging the " + total + " job(s) queued in " + name);
        return progress.report();
    }

    /** The purges that run here or ended in the last minutes. */
    public List<QueuePurge> list() {
        forgetOld();
        return purges.values().stream().map(Progress::report).toList();
    }

    private void forgetOld() {
        Instant before = Instant.now().minus(KEPT);
        purges.values().removeIf(p -> p.endedAt != null && p.endedAt.isBefore(before));
    }

    private void run(Progress progress) {
        String name = QueueNames.main(progress.application, progress.queue);
        try {
            broker.withChannel(channel -> {
                drain(channel, name, progress);
                return null;
            });
            progress.end(null);
            LOG.info(() -> "purged " + progress.purged + " job(s) from " + name);
        } catch (IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
            // what was not acknowledged goes back to the queue with the channel: nothing is lost
            progress.end(Broker.reason(e));
            LOG.log(Level.WARNING, "the purge of " + name + " stopped after " + progress.purged + " job(s)", e);
        }
    }

    private void drain(Channel channel, String name, Progress progress) throws IOException {
        while (progress.purged.get() < progress.total) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("the instance stops");
            }
            GetResponse message = channel.basicGet(name, false);
            if (message == null) {
                return; // workers ran the rest
            }
            purge(channel, progress, message);
            progress.purged.incrementAndGet();
        }
    }

    private void purge(Channel channel, Progress progress, GetResponse message) throws IOException {
        long tag = message.getEnvelope().getDeliveryTag();
        JobMessage job;
        try {
            job = codec.decode(message.getBody());
        } catch (InvalidMessageException e) {
            channel.basicAck(tag, false); // not a job: it holds no keys and has no record
            return;
        }
        String application = progress.application;
        // keys first: a purge that stops in between leaves the job queued without its keys, never keys held for ever
        lifecycle.change(
                JobChange.of(application, progress.queue, job, JobState.QUEUED, JobState.PURGED)
                        .withEndedAt(Instant.now()),
                () -> {
                    keys.release(application, job);
                    channel.basicAck(tag, false);
                });
    }

    /** Stops the purge that runs: its unacknowledged job goes back to its queue. */
    @Override
    public void close() {
        runner.shutdownNow();
    }

    private final class Progress {
        final String application;
        final String queue;
        final long total;
        final Instant startedAt;
        final AtomicLong purged = new AtomicLong();
        volatile Instant endedAt;
        volatile String error;

        Progress(String application, String queue, long total, Instant startedAt) {
            this.application = application;
            this.queue = queue;
            this.total = total;
            this.startedAt = startedAt;
        }

        void end(String failure) {
            error = failure;
            endedAt = Instant.now();
        }

        QueuePurge report() {
            Instant ended = endedAt;
            String state = ended == null ? "running" : error == null ? "done" : "failed";
            return new QueuePurge(application, queue, instance, state, total, purged.get(), startedAt, ended, error);
        }
    }
}
