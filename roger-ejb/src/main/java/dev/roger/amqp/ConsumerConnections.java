package dev.roger.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The connections consumers use, at most {@link Broker#CHANNELS_PER_CONNECTION} channels each, so that
 * many applications never hit the broker's channel limit per connection. Under a lock of its own: a
 * channel opened after an outage, for each of thousands of queues, never holds up a publish.
 */
final class ConsumerConnections {

    /** Makes the {@code index}-th consumer connection. */
    @FunctionalInterface
    interface Maker {
        Connection make(int index) throws IOException, TimeoutException;
    }

    private static final class Counted {
        final Connection connection;
        int channels;

        Counted(Connection connection) {
            this.connection = connection;
        }
    }

    private final Maker maker;
    private final int channelsPerConnection;
    private final List<Counted> connections = new ArrayList<>();

    ConsumerConnections(Maker maker, int channelsPerConnection) {
        this.maker = maker;
        this.channelsPerConnection = channelsPerConnection;
    }

    /** A channel for one consumer, on a connection with room for it. */
    synchronized Channel open() throws IOException, TimeoutException {
        Counted chosen = connections.stream()
                .filter(c -> c.channels < channelsPerConnection && c.connection.isOpen())
                .findFirst()
                .orElse(null);
        if (chosen == null) {
            chosen = new Counted(maker.make(connections.size()));
            connections.add(chosen);
        }
        Channel channel = chosen.connection.createChannel();
        Counted owner = chosen;
        owner.channels++;
        channel.addShutdownListener(cause -> {
            if (!cause.isHardError() && cause.isInitiatedByApplication()) {
                released(owner);
            }
        });
        return channel;
    }

    private synchronized void released(Counted owner) {
        owner.channels--;
    }

    /** Closes every consumer connection; each close waits at most {@code timeoutMillis}. */
    synchronized void close(int timeoutMillis) {
        for (Counted counted : connections) {
            try {
                counted.connection.close(timeoutMillis);
            } catch (Exception e) {
                counted.connection.abort();
            }
        }
        connections.clear();
    }
}
