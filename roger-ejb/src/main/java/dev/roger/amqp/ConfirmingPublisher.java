package dev.roger.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ReturnListener;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;

/**
 * Publishes on one confirm-mode channel shared by many threads. Each publish gets a future that
 * completes when the broker confirms the message, and fails when the broker nacks it, returns it
 * (mandatory: no queue took it) or the channel closes first. Confirms arrive in batches, so many
 * concurrent publishers cost far less than a round trip each.
 *
 * <p>Once its channel has shut down, a publisher refuses every publish and {@link Broker#publisher}
 * replaces it with one on a fresh channel. It never publishes on the channel the client recovers:
 * the client swaps in the new channel before it restores confirm mode and the listeners, so a
 * publish in between would never be confirmed, and the confirm sequence starts again at 1 while
 * futures of the old channel might still wait.
 */
public final class ConfirmingPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfirmingPublisher.class.getName());

    private final Channel channel;
    private final Object publishing = new Object();
    private volatile boolean closed;
    private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();
    private final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();

    private record Pending(String messageId, String routingKey, CompletableFuture<Void> confirmed) {}

    public ConfirmingPublisher(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long deliveryTag, boolean multiple) {
                settle(deliveryTag, multiple, null);
            }

            @Override
            public void handleNack(long deliveryTag, boolean multiple) {
                settle(deliveryTag, multiple, "the broker refused the message (nack)");
            }
        });
        channel.addReturnListener((ReturnListener) (replyCode, replyText, exchange, routingKey, properties, body) -> {
            Pending pending = properties.getMessageId() == null ? null : byMessageId.get(properties.getMessageId());
            if (pending != null) {
                pending.confirmed.completeExceptionally(new PublishRefusedException(
                        PublishRefusedException.Why.NO_ROUTE,
                        "no queue named '" + routingKey + "' took the message (" + replyText + ")"));
            }
        });
        channel.addShutdownListener(cause -> {
            if (!closed && !cause.isHardError() && !cause.isInitiatedByApplication()) {
                LOG.warning(() -> "RabbitMQ closed the publishing channel: " + Broker.reason(cause)
                        + "; the next publish opens a new one");
            }
            closed = true;
            failAll(new PublishRefusedException(
                    PublishRefusedException.isSizeRefusal(cause.getMessage())
                            ? PublishRefusedException.Why.CHANNEL_CLOSED_FOR_SIZE
                            : PublishRefusedException.Why.CHANNEL_CLOSED,
                    "the channel closed before the broker confirmed: " + cause.getMessage()));
        });
    }

    /** Publishes to the default exchange, mandatory, and returns the future of its confirm. */
    public CompletableFuture<Void> publish(String queue, AMQP.BasicProperties properties, byte[] body) {
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        Pending pending = new Pending(properties.getMessageId(), queue, confirmed);
        long sequence = -1;
        try {
            synchronized (publishing) {
                if (closed) {
                    throw new IOException("the publishing channel is closed");
                }
                sequence = channel.getNextPublishSeqNo();
                unconfirmed.put(sequence, pending);
                if (pending.messageId != null) {
                    byMessageId.put(pending.messageId, pending);
                }
                channel.basicPublish("", queue, true, properties, body);
                if (closed) {
                    // the shutdown may have failed the others before this one was recorded
                    throw new IOException("the publishing channel closed while publishing");
                }
            }
        } catch (IOException | RuntimeException e) {
            // never left behind: a later multiple confirm must not complete it
            unconfirmed.remove(sequence, pending);
            forget(pending);
            confirmed.completeExceptionally(e);
        }
        return confirmed;
    }

    private void settle(long deliveryTag, boolean multiple, String nackReason) {
        Map<Long, Pending> settled = multiple ? unconfirmed.headMap(deliveryTag, true) : single(deliveryTag);
        for (Pending pending : settled.values()) {
            forget(pending);
            if (nackReason == null) {
                pending.confirmed.complete(null);
            } else {
                pending.confirmed.completeExceptionally(
                        new PublishRefusedException(PublishRefusedException.Why.NACKED, nackReason));
            }
        }
        settled.clear();
    }

    private Map<Long, Pending> single(long deliveryTag) {
        Pending pending = unconfirmed.get(deliveryTag);
        return pending == null ? Map.of() : unconfirmed.subMap(deliveryTag, true, deliveryTag, true);
    }

    private void failAll(PublishRefusedException reason) {
        for (Pending pending : unconfirmed.values()) {
            forget(pending);
            pending.confirmed.completeExceptionally(reason);
        }
        unconfirmed.clear();
    }

    private void forget(Pending pending) {
        if (pending.messageId != null) {
            byMessageId.remove(pending.messageId, pending);
        }
    }

    /** The channel it publishes on (for the unit tests' fake broker). */
    Channel channel() {
        return channel;
    }

    /** False once the channel has shut down, even if the client has recovered it since. */
    public boolean isOpen() {
        return !closed && channel.isOpen();
    }

    /** Closes the channel, or drops it if it is closed or recovering, so the client stops recovering it. */
    @Override
    public void close() {
        closed = true;
        try {
            if (channel.isOpen()) {
                channel.close();
                return;
            }
        } catch (Exception e) {
            // closing on shutdown: the broker forgets the channel either way
        }
        try {
            channel.abort();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
