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
                return connection;
            }
        };
        broker = new Broker(factory, List.of(new Address("localhost")), "test");
        broker.connect();
    }

    private Channel newChannel() {
        FakeChannel channel = new FakeChannel();
        channels.add(channel);
        return channel.channel();
    }

    public Broker broker() {
        return broker;
    }

    /** The channel the broker's publisher publishes on now: the newest in confirm mode (declarations get their own). */
    public FakeChannel publishing() {
        broker.publisher(); // replaces a lost publishing channel, as the next publish does
        for (int i = channels.size() - 1; i >= 0; i--) {
            if (channels.get(i).isConfirming()) {
                return channels.get(i);
            }
        }
        throw new IllegalStateException("no publishing channel");
    }

    /** The channel opened last (a consumer's, say). */
    public FakeChannel lastOpened() {
        return channels.get(channels.size() - 1);
    }

    /** The connection drops: its channels close, and the client has not reconnected yet. */
    public void loseConnection() {
        open = false;
        channels.forEach(FakeChannel::closeByBroker);
    }
}
