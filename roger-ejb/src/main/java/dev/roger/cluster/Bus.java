package dev.roger.cluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.roger.amqp.Broker;
import jakarta.json.bind.Jsonb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broadcast bus: a fanout exchange with one exclusive queue per instance. {@link #cast} reaches
 * every instance; {@link #call} gathers the replies of the instances expected to answer, waiting at
 * most the timeout, and names those that did not answer. Messages are JSON.
 */
public final class Bus implements AutoCloseable {

    static final String EXCHANGE = "roger.bus";
    private static final Logger LOG = Logger.getLogger(Bus.class.getName());

    private final Broker broker;
    private final String instance;
    private final String queue;
    private final Jsonb jsonb;
    private final ExecutorService handlers;
    private final Function<BusMessage, Object> handler;
    private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
    private Channel channel;

    private static final class PendingCall {
        final Map<String, String> replies = new ConcurrentHashMap<>();
        final Set<String> expected;
        final CountDownLatch done = new CountDownLatch(1);

        PendingCall(Set<String> expected) {
            this.expected = expected;
        }

        void reply(String from, String body) {
            replies.put(from, body);
            if (replies.keySet().containsAll(expected)) {
                done.countDown();
            }
        }
    }

    /**
     * @param handler answers a message; what it returns (if not null) is the reply to a call
     */
    public Bus(Broker broker, String instance, Jsonb jsonb, ExecutorService handlers, Function<BusMessage, Object> handler) {
        this.broker = broker;
        this.instance = instance;
        this.queue = EXCHANGE + "." + instance + "." + UUID.randomUUID().toString().substring(0, 8);
        this.jsonb = jsonb;
        this.handlers = handlers;
        this.handler = handler;
    }

    public synchronized boolean isStarted() {
        return channel != null;
    }

    /** Declares the exchange and this instance's queue and starts listening. */
    public synchronized void start() throws IOException, TimeoutException {
        if (channel != null) {
            return;
        }
        Channel opened = broker.openConsumerChannel();
        opened.exchangeDeclare(EXCHANGE, BuiltinExchangeType.FANOUT, true);
        // stated, not inherited: a virtual host may default to quorum queues, which cannot be exclusive
        opened.queueDeclare(queue, false, true, true, Map.of("x-queue-type", "classic"));
        opened.queueBind(queue, EXCHANGE, "");
        opened.basicConsume(queue, true, new DefaultConsumer(opened) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                handlers.execute(() -> receive(properties, body));
            }
        });
        channel = opened;
    }

    private void receive(AMQP.BasicProperties properties, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (properties.getCorrelationId() != null && properties.getReplyTo() == null) {
                PendingCall call = calls.get(properties.getCorrelationId());
                if (call != null) {
                    call.reply(String.valueOf(properties.getAppId()), text);
                }
                return;
            }
            BusMessage message = jsonb.fromJson(text, BusMessage.class);
            Object reply = handler.apply(message);
            if (properties.getReplyTo() != null && reply != null) {
                publish("", properties.getReplyTo(), new AMQP.BasicProperties.Builder().contentType("application/json")
                        .correlationId(properties.getCorrelationId()).appId(instance).build(), jsonb.toJson(reply));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a bus message could not be handled: " + text, e);
        }
    }

    /** Sends to every instance, this one included. */
    public void cast(BusMessage message) {
        publish(EXCHANGE, "", new AMQP.BasicProperties.Builder().contentType("application/json").appId(instance).build(),
                jsonb.toJson(message));
    }

    /** Sends to every instance and waits for the replies of the expected ones, at most the timeout. */
    public CallResult call(BusMessage message, Set<String> expected, Duration timeout) {
        String correlation = UUID.randomUUID().toString();
        PendingCall call = new PendingCall(expected);
        calls.put(correlation, call);
        try {
            publish(EXCHANGE, "", new AMQP.BasicProperties.Builder().contentType("application/json").appId(instance)
                    .correlationId(correlation).replyTo(queue).build(), jsonb.toJson(message));
            call.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            calls.remove(correlation);
        }
        List<String> unanswered = new ArrayList<>();
        for (String name : expected) {
            if (!call.replies.containsKey(name)) {
                unanswered.add(name);
            }
        }
        return new CallResult(Map.copyOf(call.replies), unanswered);
    }

    private synchronized void publish(String exchange, String routingKey, AMQP.BasicProperties properties, String body) {
        if (channel == null) {
            throw new IllegalStateException("the broadcast bus is not connected");
        }
        try {
            channel.basicPublish(exchange, routingKey, properties, body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the broadcast bus could not send: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing the bus channel", e);
            }
        }
        channel = null;
    }
}
