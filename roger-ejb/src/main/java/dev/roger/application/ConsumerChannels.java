package dev.roger.application;

import com.rabbitmq.client.Channel;
import dev.roger.amqp.Broker;
import dev.roger.amqp.Topology;
import dev.roger.worker.QueueConsumer;
import dev.roger.worker.Workers;
import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens a queue's consumer on a channel of its own: the queue declared, remembered in the database
 * for producers elsewhere, paused if the cluster paused it, and replaced when the broker closes its
 * channel.
 */
final class ConsumerChannels {

    private static final Logger LOG = Logger.getLogger(ConsumerChannels.class.getName());

    /** Takes over from a consumer whose channel the broker closed. */
    @FunctionalInterface
    interface Replacement {
        void replace(String application, String queue, QueueConsumer lost);
    }

    private final Broker broker;
    private final Topology topology;
    private final Workers workers;
    /** Whether a queue is paused here (cluster-wide, or while this instance holds back new jobs). */
    private final BiPredicate<String, String> paused;

    private final QueueStore queueStore;
    private final ScheduledExecutorService scheduler;

    ConsumerChannels(
            Broker broker,
            Topology topology,
            Workers workers,
            BiPredicate<String, String> paused,
            QueueStore queueStore,
            ScheduledExecutorService scheduler) {
        this.broker = broker;
        this.topology = topology;
        this.workers = workers;
        this.paused = paused;
        this.queueStore = queueStore;
        this.scheduler = scheduler;
    }

    /** A consumer of the queue, not consuming yet. */
    QueueConsumer open(String application, String queue, Replacement whenLost) throws IOException {
        // retry and delay queues are declared when first used: most applications never need most of them
        topology.declareMain(application, queue);
        remember(application, queue);
        Channel channel;
        try {
            channel = broker.openConsumerChannel();
        } catch (TimeoutException e) {
            throw new IOException("no consumer channel: " + e.getMessage(), e);
        }
        QueueConsumer consumer = workers.consumer(application, queue, channel);
        reopenWhenLost(channel, application, queue, consumer, whenLost);
        if (paused.test(application, queue)) {
            consumer.pause();
        }
        return consumer;
    }

    /** Producers on other instances check their enqueues against the queues the cluster knows. */
    private void remember(String application, String queue) {
        try {
            queueStore.declared(application, queue);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "cannot record queue '" + queue + "' of application '" + application
                            + "' in the database; instances that only produce for it will know it once it starts again",
                    e);
        }
    }

    /**
     * The client recovers channels after a connection failure, but not a channel the broker closed
     * on its own (a consumer timeout, a protocol error): such a queue would silently lose its consumer.
     * The broker has requeued the channel's unacknowledged jobs; a fresh channel takes over.
     */
    private void reopenWhenLost(
            Channel channel, String application, String queue, QueueConsumer consumer, Replacement whenLost) {
        channel.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication() && !cause.isHardError()) {
                LOG.warning(() -> "RabbitMQ closed the channel of " + consumer.brokerQueue() + " (" + cause.getMessage()
                        + "); a new one takes over in a second");
                scheduler.schedule(
                        () -> whenLost.replace(application, queue, consumer), 1, java.util.concurrent.TimeUnit.SECONDS);
            }
        });
    }
}
