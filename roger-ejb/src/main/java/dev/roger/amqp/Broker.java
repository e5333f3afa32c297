package dev.roger.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import dev.roger.api.BrokerException;
import dev.roger.config.BrokerSettings;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the connections to RabbitMQ: one for publishing (jobs, the bus), one for declarations and
 * inspection, and as many for consuming as the channels need, so that many applications never hit the broker's channel limit per
 * connection. Consumer connections never publish: a resource alarm blocks only connections that do.
 * The client recovers connections, channels, qos and consumers by itself after a network failure.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Broker.class.getName());
    /** Well below RabbitMQ's default channel_max of 2047. */
    static final int CHANNELS_PER_CONNECTION = 1000;

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 60_000;

    /**
     * How long a channel call (open a channel, qos, consume, cancel) waits for the broker's answer on
     * the publishing and consumer connections, instead of the client's 10 minutes: a broker that does
     * not answer fails the call that needed it.
     */
    static final int RPC_TIMEOUT_MILLIS = 10_000;

    /** The same on the inspecting connection, which declares queues: a quorum queue's declare can be slow. */
    static final int DECLARE_RPC_TIMEOUT_MILLIS = 60_000;

    private final ConnectionFactory factory;
    private final List<Address> addresses;
    private final String name;
    private final ConsumerConnections consumerConnections;
    /**
     * Set and cleared under this broker's lock ({@link #connect}, {@link #close}); read without it, so an
     * enqueue never waits for a connect, a channel being opened, or a consumer connection being made.
     */
    private volatile Connection publishing;
    /**
     * For declarations and inspection (counts, peeks, purges): never publishes, so a resource alarm,
     * which blocks connections that publish, never holds its calls.
     */
    private volatile Connection inspecting;
    /** One per lane, each on its own channel of the publishing connection; empty while disconnected. */
    private final java.util.Map<PublishLane, ConfirmingPublisher> publishers =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Guards the replacement of a publisher whose channel closed, apart from this broker's lock. */
    private final Object reopening = new Object();
    /** The bus's channel for sending, on the publishing connection; null until needed or once closed. */
    private Channel busChannel;
    /** Guards {@link #busChannel}. */
    private final Object bus = new Object();

    private volatile BrokerVersion version;

    /**
     * Why RabbitMQ blocks the publishing connection (a memory or disk alarm), null while it does not.
     * While it does, a publish would wait for the alarm to end: {@link #publisher} refuses at once.
     */
    private volatile String blocked;

    public Broker(BrokerSettings settings, ThreadFactory threadFactory, String name) {
        this.factory = new ConnectionFactory();
        this.name = name;
        try {
            if (settings.uri().isPresent()) {
                factory.setUri(settings.uri().get());
            } else {
                factory.setVirtualHost(settings.virtualHost());
                factory.setUsername(settings.username());
                factory.setPassword(settings.password());
                if (settings.tls()) {
                    factory.useSslProtocol();
                }
            }
        } catch (Exception e) {
            // neither the message nor the cause: both may quote a URI with its password
            throw new IllegalStateException("cannot use the AMQP settings " + settings + " ("
                    + e.getClass().getSimpleName()
                    + (settings.uri().isPresent() ? " from roger.amqp.uri" : ": " + e.getMessage()) + ")");
        }
        factory.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
        // a broker busy creating many quorum queues can take more than the default 10 s to accept a connection
        factory.setHandshakeTimeout(HANDSHAKE_TIMEOUT_MILLIS);
        factory.setThreadFactory(threadFactory);
        this.addresses = settings.addresses().isEmpty()
                ? List.of(new Address(factory.getHost(), factory.getPort()))
                : settings.addresses().stream().map(Address::parseAddress).toList();
        this.consumerConnections = consumerConnections();
    }

    private ConsumerConnections consumerConnections() {
        return new ConsumerConnections(
                index -> watch(newConnection("-consume-" + index, RPC_TIMEOUT_MILLIS)), CHANNELS_PER_CONNECTION);
    }

    /** For unit tests: connects through the given factory (one that hands out fake connections). */
    Broker(ConnectionFactory factory, List<Address> addresses, String name) {
        this.factory = factory;
        this.addresses = addresses;
        this.name = name;
        this.consumerConnections = consumerConnections();
    }

    /** Opens the publishing and the inspecting connection; throws while the broker cannot be reached. */
    public synchronized void connect() throws IOException, TimeoutException {
        if (inspecting == null) {
            inspecting = watch(newConnection("-inspect", DECLARE_RPC_TIMEOUT_MILLIS));
        }
        if (publishing == null) {
            Connection connection = watch(newConnection("-publish", RPC_TIMEOUT_MILLIS));
            watchBlocked(connection);
            try {
                for (PublishLane lane : PublishLane.values()) {
                    publishers.put(lane, new ConfirmingPublisher(connection.createChannel()));
                }
            } catch (IOException e) {
                publishers.clear();
                connection.abort();
                throw e;
            }
            publishing = connection;
            BrokerVersion connected =
                    BrokerVersion.of(connection.getServerProperties().get("version"));
            if (!connected.equals(version)) {
                LOG.info(() -> "connected to RabbitMQ " + connected);
            }
            version = connected;
        }
    }

    /**
     * The version of the node the publishing connection reached, which decides the queue arguments.
     *
     * @throws BrokerException before the first connection
     */
    public BrokerVersion version() {
        BrokerVersion known = version;
        if (known == null) {
            throw new BrokerException("not connected to RabbitMQ");
        }
        return known;
    }

    public boolean isConnected() {
        Connection connection = publishing;
        return connection != null && connection.isOpen();
    }

    /** Why RabbitMQ blocks publishing (its own words, say {@code low on memory}); empty while it does not. */
    public Optional<String> blocked() {
        return Optional.ofNullable(blocked);
    }

    /**
     * Follows the broker's blocked and unblocked notifications for the publishing connection. A lost
     * connection is no longer blocked: a new one is told again on its first publish if the alarm lasts.
     */
    private void watchBlocked(Connection connection) {
        String connectionName = connection.getClientProvidedName();
        connection.addBlockedListener(
                reason -> {
                    blocked = reason == null || reason.isBlank() ? "a resource alarm" : reason;
                    LOG.warning(() -> "RabbitMQ blocks connection " + connectionName + " (" + blocked
                            + "): publishing fails at once until the alarm clears");
                },
                () -> {
                    blocked = null;
                    LOG.info(() -> "RabbitMQ unblocked connection " + connectionName + ": publishing again");
                });
        connection.addShutdownListener(cause -> blocked = null);
    }

    /**
     * The publisher; once its channel has shut down and the connection is open again (recovered, or
     * never lost when the broker closed just the channel), a new one on a fresh channel replaces it.
     *
     * @throws BrokerException while the connection is down or blocked, at once rather than waiting for it
     */
    public ConfirmingPublisher publisher(PublishLane lane) {
        ConfirmingPublisher publisher = publishers.get(lane);
        if (publisher == null) {
            throw new BrokerException("not connected to RabbitMQ");
        }
        refuseWhileBlocked("nothing can be published");
        return publisher.isOpen() ? publisher : reopen(lane, publisher);
    }

    private ConfirmingPublisher reopen(PublishLane lane, ConfirmingPublisher lost) {
        synchronized (reopening) {
            ConfirmingPublisher current = publishers.get(lane);
            if (current == null) {
                throw new BrokerException("not connected to RabbitMQ");
            }
            if (current != lost && current.isOpen()) {
                return current; // replaced meanwhile
            }
            Connection connection = publishing;
            if (connection == null || !connection.isOpen()) {
                throw new BrokerException("the connection to RabbitMQ is lost; the client is reconnecting");
            }
            ConfirmingPublisher replacement;
            try {
                replacement = new ConfirmingPublisher(connection.createChannel());
            } catch (IOException | RuntimeException e) {
                throw new BrokerException("cannot open a publishing channel: " + reason(e), e);
            }
            publishers.put(lane, replacement);
            current.close();
            return replacement;
        }
    }

    /** @throws BrokerException saying {@code consequence} while RabbitMQ blocks the publishing connection */
    private void refuseWhileBlocked(String consequence) {
        String blockedFor = blocked;
        if (blockedFor != null) {
            throw new BrokerException(
                    "RabbitMQ blocks publishing (" + blockedFor + "): " + consequence + " until its alarm clears");
        }
    }

    /**
     * The channel the bus sends on: on the publishing connection, so a consumer connection never
     * publishes and a resource alarm, which blocks connections that publish, never stops its acks. A
     * channel the broker closed is replaced.
     *
     * @throws BrokerException at once while the connection is down or blocked
     */
    public Channel busChannel() {
        Connection connection = publishing;
        if (connection == null || !connection.isOpen()) {
            throw new BrokerException("not connected to RabbitMQ");
        }
        refuseWhileBlocked("nothing can be sent to the other instances");
        synchronized (bus) {
            if (busChannel == null || !busChannel.isOpen()) {
                try {
                    busChannel = connection.createChannel();
                } catch (IOException | RuntimeException e) {
                    throw new BrokerException("cannot open a channel to the other instances: " + reason(e), e);
                }
            }
            return busChannel;
        }
    }

    /** A channel for one consumer, on a consumer connection with room for it. */
    public Channel openConsumerChannel() throws IOException, TimeoutException {
        return consumerConnections.open();
    }

    /** A connection named after this instance and its role, whose channel calls wait at most {@code rpcTimeout}. */
    private Connection newConnection(String role, int rpcTimeoutMillis) throws IOException, TimeoutException {
        // read when the connection is made (and kept for its recoveries): one connection made at a time
        synchronized (factory) {
            factory.setChannelRpcTimeout(rpcTimeoutMillis);
            return factory.newConnection(addresses, name + role);
        }
    }

    /** Logs when a connection is lost and when the client has recovered it, so an operator sees outages. */
    private static Connection watch(Connection connection) {
        String connectionName = connection.getClientProvidedName();
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                LOG.warning(() -> "lost connection " + connectionName + " to RabbitMQ (" + reason(cause)
                        + "); the client reconnects every second");
            }
        });
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(new RecoveryListener() {
                @Override
                public void handleRecovery(Recoverable recovered) {
                    LOG.info(() -> "connection " + connectionName + " to RabbitMQ recovered");
                }

                @Override
                public void handleRecoveryStarted(Recoverable recovering) {
                    // the loss was logged
                }
            });
        }
        return connection;
    }

    /**
     * Runs a short piece of work (a declaration, a count, a peek: never a publish) on a fresh channel
     * of the inspecting connection, closed afterwards (a failed passive declare closes it anyway).
     */
    public <T> T withChannel(ChannelWork<T> work) throws IOException, TimeoutException {
        Connection connection = inspecting;
        if (connection == null) {
            throw new IOException("not connected to RabbitMQ");
        }
        Channel channel = connection.createChannel();
        try {
            return work.apply(channel);
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (Exception e) {
                    LOG.log(Level.FINE, "closing a work channel", e);
                }
            }
        }
    }

    /**
     * Like {@link #withChannel(ChannelWork)}, for operations a caller asked for: a failure becomes a
     * {@link BrokerException} that says what could not be done and the broker's reason.
     */
    public <T> T withChannel(String what, ChannelWork<T> work) {
        try {
            return withChannel(work);
        } catch (IOException | TimeoutException e) {
            throw new BrokerException("cannot " + what + ": " + reason(e), e);
        }
    }

    /** Whether RabbitMQ has the queue. A failed passive declare closes its channel, so it gets one of its own. */
    public boolean queueExists(String queue) {
        return withChannel("look for queue " + queue, channel -> {
            try {
                channel.queueDeclarePassive(queue);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The innermost message of a failure: the broker's own words (say, {@code NOT_FOUND - no queue ...}). */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    @FunctionalInterface
    public interface ChannelWork<T> {
        T apply(Channel channel) throws IOException;
    }

    @Override
    public synchronized void close() {
        publishers.values().forEach(ConfirmingPublisher::close);
        synchronized (bus) {
            busChannel = null;
        }
        consumerConnections.close(5000);
        if (publishing != null) {
            closeQuietly(publishing);
        }
        if (inspecting != null) {
            closeQuietly(inspecting);
        }
        publishing = null;
        inspecting = null;
        publishers.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close(5000);
        } catch (Exception e) {
            connection.abort();
        }
    }
}
