package dev.roger.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ReturnListener;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQImpl;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written fake of one RabbitMQ {@link Channel}, for unit tests: it records acks, nacks,
 * publishes and declares, and lets the test play the broker (confirm, nack, return, close the
 * channel, deliver). The methods a test does not expect throw, so an unexpected call shows up.
 */
public final class FakeChannel {

    /** A message published on the channel, with the confirm sequence number it got. */
    public record Published(long sequence, String routingKey, AMQP.BasicProperties properties, byte[] body) {}

    /** An ack or a nack of a delivery. */
    public record Settlement(long deliveryTag, boolean ack, boolean requeue) {}

    private final Channel channel;
    private volatile boolean open = true;
    private volatile boolean acksFail;
    private long nextSequence;
    private final List<ConfirmListener> confirmListeners = new CopyOnWriteArrayList<>();
    private final List<ReturnListener> returnListeners = new CopyOnWriteArrayList<>();
    private final List<ShutdownListener> shutdownListeners = new CopyOnWriteArrayList<>();
    private final List<Published> published = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Published> publishes = new LinkedBlockingQueue<>();
    private final List<Settlement> settlements = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Settlement> settled = new LinkedBlockingQueue<>();
    private final List<String> declared = new CopyOnWriteArrayList<>();
    private final List<Long> nackedWhileConsuming = new CopyOnWriteArrayList<>();
    private volatile Consumer consumer;
    /** Declares of the queues it names wait for its latch, as on a slow broker. */
    private volatile java.util.function.Predicate<String> slowDeclares = queue -> false;

    private volatile java.util.concurrent.CountDownLatch declaresGo = new java.util.concurrent.CountDownLatch(0);
    private volatile String consumerTag;

    public FakeChannel() {
        channel = (Channel)
                Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class}, new Handler());
    }

    public Channel channel() {
        return channel;
    }

    /** Declares of the queues {@code which} names wait until {@code go} opens. */
    public void slowDeclares(java.util.function.Predicate<String> which, java.util.concurrent.CountDownLatch go) {
        this.declaresGo = go;
        this.slowDeclares = which;
    }

    private final class Handler implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "toString":
                    return "FakeChannel";
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "isOpen":
                    return open;
                case "getChannelNumber":
                    return 1;
                default:
                    break;
            }
            if (name.startsWith("add")
                    || name.startsWith("remove")
                    || name.equals("close")
                    || name.equals("abort")
                    || name.equals("isOpen")) {
                return lifecycle(name, args);
            }
            requireOpen();
            switch (name) {
                case "confirmSelect":
                    synchronized (FakeChannel.this) {
                        nextSequence = 1;
                    }
                    return new AMQImpl.Confirm.SelectOk();
                case "getNextPublishSeqNo":
                    synchronized (FakeChannel.this) {
                        return nextSequence;
                    }
                case "basicPublish":
                    return publish(args);
                case "basicAck":
                    if (acksFail) {
                        throw new java.io.IOException("the ack did not reach the broker (test)");
                    }
                    settle(new Settlement((Long) args[0], true, false));
                    return null;
                case "basicNack":
                    if (consumer != null) {
                        nackedWhileConsuming.add((Long) args[0]);
                    }
                    settle(new Settlement((Long) args[0], false, (Boolean) args[2]));
                    return null;
                case "basicQos":
                    return null;
                case "basicConsume":
                    consumer = (Consumer) args[args.length - 1];
                    consumerTag = "ctag-1";
                    return consumerTag;
                case "basicCancel":
                    consumer = null;
                    return null;
                case "exchangeDeclare":
                    return new AMQImpl.Exchange.DeclareOk();
                case "queueBind":
                    return new AMQImpl.Queue.BindOk();
                case "queueDeclare":
                    if (slowDeclares.test((String) args[0])) {
                        declaresGo.await();
                    }
                    declared.add((String) args[0]);
                    return new AMQImpl.Queue.DeclareOk((String) args[0], 0, 0);
                default:
                    throw new UnsupportedOperationException("FakeChannel." + name);
            }
        }
    }

    private Object lifecycle(String name, Object[] args) {
        switch (name) {
            case "addConfirmListener" -> confirmListeners.add((ConfirmListener) args[0]);
            case "addReturnListener" -> {
                if (args[0] instanceof ReturnListener listener) {
                    returnListeners.add(listener);
                } else {
                    throw new UnsupportedOperationException("FakeChannel.addReturnListener(ReturnCallback)");
                }
            }
            case "addShutdownListener" -> shutdownListeners.add((ShutdownListener) args[0]);
            case "close", "abort" -> shutDown(new ShutdownSignalException(false, true, null, channel));
            default -> throw new UnsupportedOperationException("FakeChannel." + name);
        }
        return null;
    }

    private Object publish(Object[] args) {
        // basicPublish(exchange, routingKey, mandatory, props, body) or with immediate
        String routingKey = (String) args[1];
        AMQP.BasicProperties properties = (AMQP.BasicProperties) args[args.length - 2];
        byte[] body = (byte[]) args[args.length - 1];
        Published message;
        synchronized (this) {
            message = new Published(nextSequence, routingKey, properties, body);
            if (nextSequence > 0) {
                nextSequence++;
            }
        }
        published.add(message);
        publishes.add(message);
        return null;
    }

    private void settle(Settlement settlement) {
        settlements.add(settlement);
        settled.add(settlement);
    }

    private void requireOpen() {
        if (!open) {
            throw new com.rabbitmq.client.AlreadyClosedException(
                    new ShutdownSignalException(false, false, null, channel));
        }
    }

    private void shutDown(ShutdownSignalException cause) {
        if (!open) {
            return;
        }
        open = false;
        for (ShutdownListener listener : shutdownListeners) {
            listener.shutdownCompleted(cause);
        }
    }

    // ---- the test plays the broker ----

    /** The broker confirms the message with this sequence number (and all before it when multiple). */
    public void confirm(long sequence, boolean multiple) throws Exception {
        for (ConfirmListener listener : confirmListeners) {
            listener.handleAck(sequence, multiple);
        }
    }

    /** The broker refuses the message with this sequence number (and all before it when multiple). */
    public void nack(long sequence, boolean multiple) throws Exception {
        for (ConfirmListener listener : confirmListeners) {
            listener.handleNack(sequence, multiple);
        }
    }

    /** The broker returns a mandatory message no queue took. */
    public void returnMessage(Published message) throws Exception {
        for (ReturnListener listener : returnListeners) {
            listener.handleReturn(312, "NO_ROUTE", "", message.routingKey(), message.properties(), message.body());
        }
    }

    /** From now on every ack fails, as on a connection that breaks under it. */
    public void failAcks() {
        acksFail = true;
    }

    /** The broker (or the network) closes the channel. */
    public void closeByBroker() {
        shutDown(new ShutdownSignalException(false, false, null, channel));
    }

    /** The broker closes the channel with a channel error, as RabbitMQ does for a message over its size limit. */
    public void closeByBroker(int replyCode, String replyText) {
        shutDown(new ShutdownSignalException(
                false,
                false,
                new com.rabbitmq.client.impl.AMQImpl.Channel.Close(replyCode, replyText, 60, 40),
                channel));
    }

    /** Hands the consumer a delivery, as the broker does. */
    public void deliver(long deliveryTag, boolean redeliver, AMQP.BasicProperties properties, byte[] body)
            throws Exception {
        Consumer current = consumer;
        if (current == null) {
            throw new IllegalStateException("nobody consumes on this channel");
        }
        current.handleDelivery(consumerTag, new Envelope(deliveryTag, redeliver, "", "queue"), properties, body);
    }

    /** Waits for the next message published on the channel; fails after the timeout. */
    public Published awaitPublish(long timeout, TimeUnit unit) throws InterruptedException {
        Published message = publishes.poll(timeout, unit);
        if (message == null) {
            throw new AssertionError("nothing was published within " + timeout + " " + unit);
        }
        return message;
    }

    /** Waits for the next ack or nack; fails after the timeout. */
    public Settlement awaitSettlement(long timeout, TimeUnit unit) throws InterruptedException {
        Settlement settlement = settled.poll(timeout, unit);
        if (settlement == null) {
            throw new AssertionError("no delivery was settled within " + timeout + " " + unit);
        }
        return settlement;
    }

    public List<Published> published() {
        return new ArrayList<>(published);
    }

    /** The deliveries returned while a consumer was still subscribed: a quorum queue would fill the room they left. */
    public List<Long> nackedWhileConsuming() {
        return List.copyOf(nackedWhileConsuming);
    }

    public List<Settlement> settlements() {
        return new ArrayList<>(settlements);
    }

    public List<String> declared() {
        return new ArrayList<>(declared);
    }

    /** Whether a publisher put the channel in confirm mode. */
    public synchronized boolean isConfirming() {
        return nextSequence > 0;
    }

    public boolean isConsuming() {
        return consumer != null;
    }
}
