package dev.roger.cluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.roger.amqp.Broker;
import dev.roger.api.BrokerException;
import dev.roger.logging.LogBudget;
import jakarta.json.bind.Jsonb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broadcast bus: a fanout exchange with one exclusive queue per instance. {@link #cast} reaches
 * every instance; {@link #call} gathers the replies of the instances expected to answer, waiting at
 * most the timeout, and names those that did not answer. Messages are JSON, signed with the cluster
 * key (see {@link BusSeal}); what is not signed by this cluster is ignored.
 */
public final class Bus implements AutoCloseable {

    static final String EXCHANGE = "roger.bus";
    static final int REFUSALS_LOGGED = 10;
    static final Duration REFUSAL_WINDOW = Duration.ofMinutes(1);
    static final int LOGGED_CHARACTERS = 200;
    private static final Logger LOG = Logger.getLogger(Bus.class.getName());

    private final Broker broker;
    private final String instance;
    /** This instance's queue; a new name each time the bus listens again after a channel error. */
    private volatile String queue;

    private final Jsonb jsonb;
    private final ExecutorService handlers;
    private final Function<BusMessage, Object> handler;
    private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
    private final BusSeal seal;
    private final AtomicLong refused = new AtomicLong();
    private final LogBudget refusalLog = new LogBudget(REFUSALS_LOGGED, REFUSAL_WINDOW, System::nanoTime);
    private Channel channel;
    private volatile boolean channelLost;

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
    public Bus(
            Broker broker,
            String instance,
            ClusterKey key,
            Jsonb jsonb,
            ExecutorService handlers,
            Function<BusMessage, Object> handler) {
        this.broker = broker;
        this.seal = new BusSeal(key, System::currentTimeMillis);
        this.instance = instance;
        this.queue = newQueueName(instance);
        this.jsonb = jsonb;
        this.handlers = handlers;
        this.handler = handler;
    }

    private static String newQueueName(String instance) {
        return EXCHANGE + "." + instance + "." + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Declares the exchange and this instance's queue and starts listening; again, on a new channel and
     * queue, after the broker closed the channel with a channel error (a lost connection is recovered by
     * the client with its channels).
     */
    public synchronized void start() throws IOException, TimeoutException {
        if (channel != null && !channelLost) {
            return;
        }
        if (channel != null) {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "dropping the closed bus channel", e);
            }
            channel = null;
            queue = newQueueName(instance);
        }
        Channel opened = broker.openConsumerChannel();
        opened.addShutdownListener(cause -> {
            if (!cause.isHardError() && !cause.isInitiatedByApplication()) {
                channelLost = true;
                LOG.warning(() -> "RabbitMQ closed the bus's channel (" + Broker.reason(cause)
                        + "); the bus listens again within a second");
            }
        });
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
        channelLost = false;
    }

    /** Whether the bus listens; false before {@link #start} and after the broker closed its channel. */
    public synchronized boolean isListening() {
        return channel != null && !channelLost;
    }

    private void receive(AMQP.BasicProperties properties, byte[] body) {
        Optional<String> refusal = seal.check(properties, body);
        if (refusal.isPresent()) {
            refuse(refusal.get(), properties, body);
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            if (properties.getCorrelationId() != null && properties.getReplyTo() == null) {
                PendingCall call = calls.get(properties.getCorrelationId());
                if (call != null) {
                    call.reply(String.valueOf(properties.getAppId()), text);
                }
                return;
            }
            BusMessage message;
            try {
                message = jsonb.fromJson(text, BusMessage.class);
            } catch (RuntimeException e) {
                refuse("not a bus message", properties, body);
                return;
            }
            Object reply = handler.apply(message);
            if (properties.getReplyTo() != null && reply != null) {
                publish(
                        "",
                        properties.getReplyTo(),
                        new AMQP.BasicProperties.Builder()
                                .contentType("application/json")
                                .correlationId(properties.getCorrelationId())
                                .appId(instance)
                                .build(),
                        jsonb.toJson(reply));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a bus message could not be handled: " + brief(body), e);
        }
    }

    /**
     * Ignores the message, saying so briefly: the body truncated and escaped, and at most
     * {@link #REFUSALS_LOGGED} lines per {@link #REFUSAL_WINDOW}, so a flood of forgeries cannot
     * flood the log.
     */
    private void refuse(String why, AMQP.BasicProperties properties, byte[] body) {
        long count = refused.incrementAndGet();
        if (refusalLog.tryLog()) {
            LOG.warning(() -> "ignored a bus message (" + why + ") claiming to come from '"
                    + brief(String.valueOf(properties.getAppId()).getBytes(StandardCharsets.UTF_8)) + "': "
                    + brief(body)
                    + " (" + count + " ignored since start)");
        }
    }

    /** Messages this instance refused (unsigned, forged, replayed, malformed) since it started. */
    public long refused() {
        return refused.get();
    }

    /** At most {@link #LOGGED_CHARACTERS} printable ASCII characters; anything else escaped. */
    static String brief(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, LOGGED_CHARACTERS * 4), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < LOGGED_CHARACTERS; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return i < text.length() || body.length > LOGGED_CHARACTERS * 4 ? out + "..." : out.toString();
    }

    /** Sends to every instance, this one included. */
    public void cast(BusMessage message) {
        publish(
                EXCHANGE,
                "",
                new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .appId(instance)
                        .build(),
                jsonb.toJson(message));
    }

    /** Sends to every instance and waits for the replies of the expected ones, at most the timeout. */
    public CallResult call(BusMessage message, Set<String> expected, Duration timeout) {
        String correlation = UUID.randomUUID().toString();
        PendingCall call = new PendingCall(expected);
        calls.put(correlation, call);
        try {
            publish(
                    EXCHANGE,
                    "",
                    new AMQP.BasicProperties.Builder()
                            .contentType("application/json")
                            .appId(instance)
                            .correlationId(correlation)
                            .replyTo(queue)
                            .build(),
                    jsonb.toJson(message));
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

    /**
     * Sends on the broker's bus channel (on the publishing connection, never a consumer's).
     *
     * @throws BrokerException at once while the broker cannot take it (down, blocked by an alarm, the
     *     channel lost), so a caller answers 503 rather than waiting
     */
    private void publish(String exchange, String routingKey, AMQP.BasicProperties properties, String body) {
        synchronized (this) {
            if (channel == null) {
                throw new BrokerException("the bus to the other instances is not connected");
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            broker.busChannel().basicPublish(exchange, routingKey, seal.sign(properties, bytes), bytes);
        } catch (IOException | com.rabbitmq.client.AlreadyClosedException e) {
            throw new BrokerException("cannot send to the other instances: " + Broker.reason(e), e);
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
