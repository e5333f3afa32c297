package dev.roger.amqp;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Broker} on a fake connection, for unit tests: every channel it opens is a
 * {@link FakeChannel}; the first is the publishing one.
 */
public final class FakeBroker {

    private final List<FakeChannel> channels = new CopyOnWriteArrayList<>();
    private final Broker broker;
    private volatile boolean open = true;
    private final Map<String, Integer> rpcTimeouts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<com.rabbitmq.client.BlockedCallback> blocked = new CopyOnWriteArrayList<>();
    private final List<com.rabbitmq.client.UnblockedCallback> unblocked = new CopyOnWriteArrayList<>();

    public FakeBroker() throws Exception {
        Connection connection = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "createChannel" -> newChannel();
                    case "isOpen" -> open;
                    case "getServerProperties" -> Map.<String, Object>of("version", "3.13.7");
                    case "getClientProvidedName" -> "fake";
                    case "addShutdownListener", "abort" -> null;
                    case "addBlockedListener" -> {
                        blocked.add((com.rabbitmq.client.BlockedCallback) args[0]);
                        unblocked.add((com.rabbitmq.client.UnblockedCallback) args[1]);
                        yield null;
                    }
                    case "close" -> {
                        open = false;
                        yield null;
                    }
                    case "toString" -> "FakeConnection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("FakeConnection." + method.getName());
                });
        ConnectionFactory factory = new ConnectionFactory() {
            @Override
            public Connection newConnection(List<Address> addresses, String clientProvidedName) {
                if (slowConnections.test(clientProvidedName)) {
                    try {
                        connectionsGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                rpcTimeouts.put(clientProvidedName, getChannelRpcTimeout());
                return connection;
            }
        };
        broker = new Broker(factory, List.of(new Address("localhost")), "test");
        broker.connect();
    }

    private volatile java.util.function.Predicate<String> slowConnections = connection -> false;
    private volatile java.util.concurrent.CountDownLatch connectionsGo = new java.util.concurrent.CountDownLatch(0);

    /** Connections whose names {@code which} matches are made only once {@code go} opens. */
    public void slowConnections(java.util.function.Predicate<String> which, java.util.concurrent.CountDownLatch go) {
        this.connectionsGo = go;
        this.slowConnections = which;
    }

    private volatile java.util.function.Predicate<String> slowDeclares = queue -> false;
    private volatile java.util.concurrent.CountDownLatch declaresGo = new java.util.concurrent.CountDownLatch(0);

    /** On every channel, now and later: declares of the queues {@code which} names wait until {@code go} opens. */
    public void slowDeclares(java.util.function.Predicate<String> which, java.util.concurrent.CountDownLatch go) {
        this.declaresGo = go;
        this.slowDeclares = which;
        channels.forEach(channel -> channel.slowDeclares(which, go));
    }

    private Channel newChannel() {
        FakeChannel channel = new FakeChannel();
        channel.slowDeclares(slowDeclares, declaresGo);
        channels.add(channel);
        return channel.channel();
    }

    public Broker broker() {
        return broker;
    }

    /** The channel jobs are published on now ({@link PublishLane#JOBS}). */
    public FakeChannel publishing() {
        return publishing(PublishLane.JOBS);
    }

    /** The channel the lane publishes on now; a lost one is replaced first, as the next publish does. */
    public FakeChannel publishing(PublishLane lane) {
        com.rabbitmq.client.Channel current = broker.publisher(lane).channel();
        for (FakeChannel channel : channels) {
            if (channel.channel() == current) {
                return channel;
            }
        }
        throw new IllegalStateException("no publishing channel for " + lane);
    }

    /** The channel the bus sends on (opened on first use, as the bus's first send does). */
    public FakeChannel bus() {
        Channel current = broker.busChannel();
        for (FakeChannel channel : channels) {
            if (channel.channel() == current) {
                return channel;
            }
        }
        throw new IllegalStateException("no bus channel");
    }

    /** The channel call timeout (ms) each connection was made with, by connection name. */
    public Map<String, Integer> rpcTimeouts() {
        return Map.copyOf(rpcTimeouts);
    }

    /** The channel opened last (a consumer's, say). */
    public FakeChannel lastOpened() {
        return channels.get(channels.size() - 1);
    }

    /** RabbitMQ blocks the connection (a resource alarm), as its connection.blocked tells. */
    public void block(String reason) throws java.io.IOException {
        for (com.rabbitmq.client.BlockedCallback callback : blocked) {
            callback.handle(reason);
        }
    }

    /** The alarm cleared: connection.unblocked. */
    public void unblock() throws java.io.IOException {
        for (com.rabbitmq.client.UnblockedCallback callback : unblocked) {
            callback.handle();
        }
    }

    /** The connection drops: its channels close, and the client has not reconnected yet. */
    public void loseConnection() {
        open = false;
        channels.forEach(FakeChannel::closeByBroker);
    }

    /** The connection is back (as after the client's recovery): new channels open again. */
    public void reconnect() {
        open = true;
    }

    /** Every queue declared on any channel, in order. */
    public List<String> declared() {
        return channels.stream().flatMap(channel -> channel.declared().stream()).toList();
    }
}
