package dev.roger.worker;

import com.rabbitmq.client.Channel;
import dev.roger.keys.LongJobs;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Settles the deliveries of one consumer channel, each exactly once (through {@link RunningJob#settle}):
 * RabbitMQ closes a channel that acknowledges a delivery twice, taking every other job on it along.
 */
final class DeliverySettler {

    private static final Logger LOG = Logger.getLogger(DeliverySettler.class.getName());

    private final Channel channel;
    private final LongJobs longJobs;

    DeliverySettler(Channel channel, LongJobs longJobs) {
        this.channel = channel;
        this.longJobs = longJobs;
    }

    /** Acknowledges, unless the message was settled already; a detached job's record is removed instead. */
    void ack(RunningJob job) throws IOException {
        if (!job.settle(() -> channel.basicAck(job.deliveryTag(), false)) && job.isDetached()) {
            longJobs.finished(job.application(), job.jobId());
        }
    }

    /** Returns a message to its queue; when the channel is gone the broker has done so already. */
    void requeue(RunningJob job) {
        try {
            job.settle(() -> nack(job.deliveryTag()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the channel closed first; the broker requeued the message", e);
        }
    }

    /** Returns a message nobody started to work on (the executor refused it). */
    void requeueUnstarted(long deliveryTag) {
        try {
            nack(deliveryTag);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "the channel closed first; the broker requeued the message", e);
        }
    }

    private void nack(long deliveryTag) throws IOException {
        if (channel.isOpen()) {
            channel.basicNack(deliveryTag, false, true);
        }
    }

    /**
     * Acknowledges a job that runs long after recording it in the database, so the broker's consumer
     * timeout never closes the channel under it; true when this call detached it.
     */
    boolean detach(RunningJob job) throws IOException {
        return job.detach(() -> {
            longJobs.detach(job.application(), job.queue(), job.jobId(), job.body());
            channel.basicAck(job.deliveryTag(), false);
        });
    }
}
