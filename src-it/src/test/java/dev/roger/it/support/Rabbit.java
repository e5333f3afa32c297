package dev.roger.it.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The test's own view of the real RabbitMQ on localhost: inspect, publish raw bytes, clean up. */
public final class Rabbit implements AutoCloseable {

    /** The broker under test: the system's 3.10.8 on 5672, or 4.0.5 on 5682 in the failsafe run {@code rabbitmq4}. */
    public static final int PORT = Integer.getInteger("it.amqp.port", 5672);
    /** How to call that broker's rabbitmqctl (the 4.x node runs in a chroot). */
    private static final List<String> RABBITMQCTL =
            List.of(System.getProperty("it.rabbitmqctl", "rabbitmqctl").trim().split("\\s+"));

    private final Connection connection;

    public Rabbit() {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost("localhost");
            factory.setPort(PORT);
            connection = factory.newConnection("roger-it");
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ on localhost:" + PORT + " is needed: " + e.getMessage(), e);
        }
    }

    /** The broker's major version, from the connection. */
    public int majorVersion() {
        return Integer.parseInt(
                connection.getServerProperties().get("version").toString().split("\\.")[0]);
    }

    /**
     * Messages ready in a queue and unacknowledged, or -1 when it does not exist; reads 0 only when
     * none is either. A passive declare counts only the ready ones, and rabbitmqctl's per-queue
     * {@code messages} (ready and unacknowledged) lags by seconds on a quorum queue (it reads 0 until
     * the queue's first metrics tick), so this takes the larger of that count and a live one: the
     * ready messages, read before and after, plus those the channels consuming the queue hold
     * unacknowledged (Roger consumes each queue on a channel of its own).
     */
    public static long allMessages(String queue) {
        try (Rabbit rabbit = new Rabbit()) {
            long readyBefore = rabbit.messages(queue);
            if (readyBefore < 0) {
                return -1;
            }
            long listed = listedMessages(queue);
            long unacknowledged = unacknowledgedOnConsumersOf(queue);
            long live = Math.max(readyBefore, rabbit.messages(queue)) + unacknowledged;
            return Math.max(listed, live);
        }
    }

    /** rabbitmqctl's {@code messages} of a queue (ready and unacknowledged; late on a quorum queue), or -1. */
    private static long listedMessages(String queue) {
        for (String line : rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "messages")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(queue)) {
                return Long.parseLong(parts[1]);
            }
        }
        return -1;
    }

    /** Messages delivered and not yet acknowledged on the channels consuming a queue, from {@code rabbitmqctl}. */
    private static long unacknowledgedOnConsumersOf(String queue) {
        Set<String> channels = new HashSet<>();
        for (String line : rabbitmqctl("list_consumers", "-q", "--no-table-headers", "queue_name", "channel_pid")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(queue)) {
                channels.add(parts[1]);
            }
        }
        if (channels.isEmpty()) {
            return 0;
        }
        long unacknowledged = 0;
        for (String line : rabbitmqctl("list_channels", "-q", "--no-table-headers", "pid", "messages_unacknowledged")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && channels.contains(parts[0])) {
                unacknowledged += Long.parseLong(parts[1]);
            }
        }
        return unacknowledged;
    }

    /**
     * A queue's arguments as {@code rabbitmqctl list_queues name arguments} prints them, or null; binaries
     * read as 4.x prints them ({@code "quorum"}, where 3.x prints {@code <<"quorum">>}).
     */
    public static String arguments(String queue) {
        for (String line : rabbitmqctl("list_queues", "-q", "--no-table-headers", "name", "arguments")) {
            String[] parts = line.split("\t", 2);
            if (parts.length == 2 && parts[0].trim().equals(queue)) {
                return parts[1].trim().replace("<<", "").replace(">>", "");
            }
        }
        return null;
    }

    /** Declares a queue with the given arguments, as an earlier release (or a test) would. */
    public void declare(String queue, Map<String, Object> arguments) {
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(queue, true, false, false, arguments);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes with headers, as an earlier release did to its buried and parked queues. */
    public void publish(String queue, byte[] body, String messageId, Map<String, Object> headers) {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(
                    "",
                    queue,
                    true,
                    new AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .messageId(messageId)
                            .headers(headers)
                            .build(),
                    body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages ready in a queue, or -1 when it does not exist. */
    public long messages(String queue) {
        return declareOk(queue) == null ? -1 : declareOk(queue).getMessageCount();
    }

    public long consumers(String queue) {
        AMQP.Queue.DeclareOk ok = declareOk(queue);
        return ok == null ? -1 : ok.getConsumerCount();
    }

    private AMQP.Queue.DeclareOk declareOk(String queue) {
        try (Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue);
        } catch (IOException e) {
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(String queue, byte[] body, String messageId) {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(
                    "",
                    queue,
                    true,
                    new AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .messageId(messageId)
                            .build(),
                    body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes to an exchange as any client of the virtual host could (a forger on the bus, say). */
    public void publishToExchange(String exchange, AMQP.BasicProperties properties, byte[] body) {
        try (Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(exchange, "", properties, body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A queue of the test's own that receives a copy of everything published to a fanout exchange. */
    public String listenTo(String exchange) {
        try (Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare(
                            "roger-it.listener." + System.nanoTime(),
                            false,
                            false,
                            true,
                            Map.of("x-queue-type", "classic"))
                    .getQueue();
            channel.queueBind(queue, exchange, "");
            return queue;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one message (acknowledged) from a queue, or null. */
    public GetResponse take(String queue) {
        try (Channel channel = connection.createChannel()) {
            return channel.basicGet(queue, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void deleteQueues(List<String> queues) {
        for (String queue : queues) {
            try (Channel channel = connection.createChannel()) {
                channel.queueDelete(queue);
            } catch (Exception e) {
                // already gone
            }
        }
    }

    /** Queue name to the prefetch count of each of its consumers, from {@code rabbitmqctl}. */
    public static Map<String, List<Integer>> consumerPrefetch() {
        Map<String, List<Integer>> prefetch = new HashMap<>();
        for (String line : rabbitmqctl("list_consumers", "-q", "queue_name", "prefetch_count")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                prefetch.computeIfAbsent(parts[0], q -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
        }
        return prefetch;
    }

    /** Closes the broker connections of one Roger instance, as a network failure would end them; returns how many. */
    public static int closeConnectionsOf(String instanceName) {
        Pattern ours =
                Pattern.compile("\\{\"connection_name\",\"roger@" + Pattern.quote(instanceName) + "-[^\"]+\"\\}");
        int closed = 0;
        for (String line : rabbitmqctl("-q", "list_connections", "--no-table-headers", "pid", "client_properties")) {
            String[] columns = line.split("\t", 2);
            if (columns.length == 2 && ours.matcher(columns[1]).find()) {
                rabbitmqctl("close_connection", columns[0], "fault test");
                closed++;
            }
        }
        return closed;
    }

    /** The state (running, blocking, blocked, ...) of each of Roger's connections, by its connection name. */
    public static Map<String, String> connectionStates() {
        Pattern name = Pattern.compile("\\{\"connection_name\",\"(roger@[^\"]+)\"\\}");
        Map<String, String> states = new java.util.TreeMap<>();
        for (String line : rabbitmqctl("-q", "list_connections", "--no-table-headers", "state", "client_properties")) {
            String[] columns = line.split("\t", 2);
            java.util.regex.Matcher matcher = columns.length == 2 ? name.matcher(columns[1]) : null;
            if (matcher != null && matcher.find()) {
                states.put(matcher.group(1), columns[0].trim());
            }
        }
        return states;
    }

    public static List<String> rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(RABBITMQCTL);
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " failed: " + lines);
            }
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception e) {
            // test teardown
        }
    }
}
