package dev.roger.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A three-node RabbitMQ cluster of its own on this machine, for tests of what happens when a broker node fails.
 * It stands beside the system broker ({@code rabbit@localhost} on 5672), which it never stops, joins or reconfigures.
 *
 * <p>Node {@code n} (1..3) is {@code roger-it-n@localhost}, AMQP on {@code 127.0.0.1:570n}, Erlang distribution on
 * {@code 127.0.0.1:2570n}, config, data and logs under {@code workDir/node-n} (wiped at every {@link #start}; the
 * log is {@code workDir/node-n/log/roger-it-n@localhost.log}, the early boot output {@code workDir/node-n/server.out}).
 *
 * <p>Pitfall: a quorum queue needs a majority, so with two nodes down it accepts nothing.
 */
public final class RabbitCluster implements AutoCloseable {

    private static final int NODES = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The real script, not Debian's wrapper on the PATH: that one would su to the rabbitmq user, who cannot write to workDir. */
    private static final String SERVER = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    /**
     * HOME for the nodes, which run as root: its {@code .erlang.cookie} is the system node's cookie, the one that
     * {@code rabbitmqctl} (Debian's wrapper, which runs the CLI as the rabbitmq user) presents to every node.
     */
    private static final String COOKIE_HOME = "/var/lib/rabbitmq";
    /** {@code rabbitmqctl}'s exit code when the node does not answer (EX_UNAVAILABLE). */
    private static final int NODE_DOWN = 69;

    private final Path workDir;
    private final Process[] servers = new Process[NODES];
    private final boolean[] up = new boolean[NODES];

    private RabbitCluster(Path workDir) {
        this.workDir = workDir.toAbsolutePath();
    }

    /**
     * Stops leftovers of an aborted run, starts the three nodes from empty folders, joins 2 and 3 to 1 and returns
     * once {@code cluster_status} shows the three running.
     */
    public static RabbitCluster start(Path workDir) {
        RabbitCluster cluster = new RabbitCluster(workDir);
        try {
            forEachNodeInParallel(cluster::stopLeftover);
            for (int n = 1; n <= NODES; n++) {
                cluster.prepare(n);
            }
            for (int n = 1; n <= NODES; n++) {
                cluster.launch(n);
            }
            for (int n = 1; n <= NODES; n++) {
                cluster.awaitBoot(n);
            }
            // One at a time, as the RabbitMQ clustering guide does it: concurrent joins to one node can race.
            for (int n = 2; n <= NODES; n++) {
                rabbitmqctl("-n", node(n), "stop_app");
                rabbitmqctl("-n", node(n), "join_cluster", node(1));
                rabbitmqctl("-n", node(n), "start_app");
            }
            cluster.awaitRunning(1);
            return cluster;
        } catch (RuntimeException | Error e) {
            try {
                cluster.close();
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@code ["127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"]} */
    public List<String> addresses() {
        return IntStream.rangeClosed(1, NODES)
                .mapToObj(n -> "127.0.0.1:" + amqpPort(n))
                .toList();
    }

    /** The addresses comma-separated, as a client's address-list setting takes them. */
    public String addressList() {
        return String.join(",", addresses());
    }

    /**
     * Crashes node {@code n}: SIGKILL to its Erlang VM, not {@code rabbitmqctl stop}. A graceful stop would close
     * client connections politely (connection.close 320 CONNECTION_FORCED) and leave the cluster in order; a kill is
     * what a real failure looks like: clients see the TCP connection drop, the other nodes see the distribution link
     * drop (at once on one machine, without waiting for net_ticktime) and quorum queues elect a new leader.
     * Returns when the port is closed and the other running nodes no longer count it.
     */
    public void stopNode(int n) {
        check(n);
        if (!up[n - 1]) {
            throw new IllegalStateException(node(n) + " is not running");
        }
        ProcessHandle beam = beam(n);
        beam.destroyForcibly();
        up[n - 1] = false;
        Await.until(
                TIMEOUT, "the Erlang VM of " + node(n) + " (pid " + beam.pid() + ") to exit", () -> !beam.isAlive());
        Await.until(TIMEOUT, "port " + amqpPort(n) + " of " + node(n) + " to close", () -> !accepts(amqpPort(n)));
        for (int other = 1; other <= NODES; other++) {
            if (up[other - 1]) {
                int via = other;
                Await.until(TIMEOUT, node(via) + " to see " + node(n) + " down", () -> {
                    List<String> running = runningNodesVia(via);
                    if (running.contains(node(n))) {
                        throw new IllegalStateException(
                                "cluster_status on " + node(via) + " still shows running " + running);
                    }
                    return true;
                });
            }
        }
    }

    /** The running nodes, sorted, as {@code cluster_status} on a running node shows them; empty when none runs. */
    public List<String> runningNodes() {
        for (int n = 1; n <= NODES; n++) {
            if (up[n - 1]) {
                return runningNodesVia(n);
            }
        }
        return List.of();
    }

    private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]+)\"\\}");

    /**
     * The client-given names of the connections whose channels consume from {@code queue}, one entry per consumer.
     * A consumer whose channel lived on a node that died is left out: RabbitMQ 3.10's quorum queues keep it,
     * suspected down, until that node returns, so the queue's own consumer count still includes it.
     */
    public List<String> consumingConnections(String queue) {
        int via = IntStream.rangeClosed(1, NODES)
                .filter(n -> up[n - 1])
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no node runs"));
        Map<String, String> connectionOfChannel = new HashMap<>();
        for (String line :
                rows(rabbitmqctl("-n", node(via), "list_channels", "-q", "--no-table-headers", "pid", "connection"))) {
            String[] columns = line.split("\t");
            connectionOfChannel.put(columns[0], columns[1]);
        }
        Map<String, String> nameOfConnection = new HashMap<>();
        for (String line : rows(rabbitmqctl(
                "-n", node(via), "list_connections", "-q", "--no-table-headers", "pid", "client_properties"))) {
            String[] columns = line.split("\t", 2);
            Matcher name = CONNECTION_NAME.matcher(columns[1]);
            nameOfConnection.put(columns[0], name.find() ? name.group(1) : "(unnamed)");
        }
        List<String> names = new ArrayList<>();
        for (String line : rows(rabbitmqctl(
                "-n", node(via), "list_consumers", "-q", "--no-table-headers", "queue_name", "channel_pid"))) {
            String[] columns = line.split("\t");
            String connection = connectionOfChannel.get(columns[1]);
            if (columns[0].equals(queue) && connection != null) {
                names.add(nameOfConnection.getOrDefault(connection, "(gone)"));
            }
        }
        return names.stream().sorted().toList();
    }

    private static List<String> rows(String output) {
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    /** Stops the three nodes, gracefully so that their logs are complete, and waits till their ports are closed. */
    @Override
    public void close() {
        forEachNodeInParallel(this::shutdown);
    }

    // --- nodes -------------------------------------------------------------------------------------------------

    private static String node(int n) {
        return "roger-it-" + n + "@localhost";
    }

    private static int amqpPort(int n) {
        return 5700 + n;
    }

    private static int distPort(int n) {
        return 25700 + n;
    }

    private Path dir(int n) {
        return workDir.resolve("node-" + n);
    }

    private static void check(int n) {
        if (n < 1 || n > NODES) {
            throw new IllegalArgumentException("node " + n + ": the cluster has nodes 1 to " + NODES);
        }
    }

    /** A node of that name left by an aborted run (the JVM gone, the node not): shut it down, it holds our ports. */
    private void stopLeftover(int n) {
        if (accepts(amqpPort(n)) || accepts(distPort(n))) {
            Result result = run(ctl("-n", node(n), "shutdown"));
            if (result.exit() != 0 && result.exit() != NODE_DOWN) {
                throw new IllegalStateException("could not shut down the leftover " + node(n) + ": " + result.output());
            }
            if (result.exit() == NODE_DOWN && (accepts(amqpPort(n)) || accepts(distPort(n)))) {
                throw new IllegalStateException("port " + amqpPort(n) + " or " + distPort(n) + " is taken, but not by "
                        + node(n) + ": " + result.output());
            }
            awaitPortsClosed(n, "after rabbitmqctl shutdown: " + result.output());
        }
    }

    /** A clean folder with the node's own files: none of the system broker's settings applies. */
    private void prepare(int n) {
        Path dir = dir(n);
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(dir.resolve("mnesia"));
            Files.createDirectories(dir.resolve("log"));
            Files.writeString(
                    dir.resolve("rabbitmq.conf"),
                    String.join(
                            "\n",
                            "# " + node(n)
                                    + ": its own listener, never the system broker's 127.0.0.1:5672 from /etc/rabbitmq",
                            "listeners.tcp.1 = 127.0.0.1:" + amqpPort(n),
                            "log.console = false",
                            "log.file.level = info",
                            ""));
            Files.writeString(
                    dir.resolve("rabbitmq-env.conf"),
                    "# Empty on purpose: /etc/rabbitmq/rabbitmq-env.conf would be read instead (NODENAME=rabbit@localhost).\n");
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n"); // no plugins, whatever the system node has
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    /** Starts the node's Erlang VM without waiting; its data, if any, is kept. */
    private void launch(int n) {
        Path dir = dir(n);
        ProcessBuilder builder = new ProcessBuilder(SERVER)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("server.out").toFile()));
        Map<String, String> env = builder.environment();
        // nothing inherited may point the node elsewhere
        env.keySet().removeIf(name -> name.startsWith("RABBITMQ_") || name.startsWith("ERL_"));
        env.put("HOME", COOKIE_HOME);
        env.put("RABBITMQ_NODENAME", node(n));
        env.put(
                "RABBITMQ_DIST_PORT",
                String.valueOf(distPort(n))); // else 20000 + AMQP port of the env, 25672 by default
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString()); // absent on purpose
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
        // as the system node: epmd and the distribution port on loopback only
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("ERL_FLAGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("ERL_CRASH_DUMP", dir.resolve("erl_crash.dump").toString());
        try {
            Files.deleteIfExists(dir.resolve("pid")); // the node writes its own; a stale one would name a dead VM
            servers[n - 1] = builder.start();
            up[n - 1] = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SERVER + " for " + node(n), e);
        }
    }

    /** Waits till the node accepts AMQP connections and has finished booting. */
    private void awaitBoot(int n) {
        Await.until(TIMEOUT, node(n) + " to accept AMQP connections on port " + amqpPort(n), () -> {
            Process server = servers[n - 1];
            if (!server.isAlive()) {
                throw new AssertionError(node(n) + " exited with " + server.exitValue() + "\n" + diagnostics(n));
            }
            return accepts(amqpPort(n));
        });
        Result result = run(ctl("-n", node(n), "await_startup", "--timeout", String.valueOf(TIMEOUT.toSeconds())));
        if (result.exit() != 0) {
            throw new AssertionError(node(n) + " did not finish booting: " + result.output() + "\n" + diagnostics(n));
        }
    }

    /** Waits till {@code cluster_status} on node {@code via} shows every node that should run as running. */
    private void awaitRunning(int via) {
        List<String> expected = IntStream.rangeClosed(1, NODES)
                .filter(n -> up[n - 1])
                .mapToObj(RabbitCluster::node)
                .toList();
        Await.until(TIMEOUT, "cluster_status on " + node(via) + " to show running " + expected, () -> {
            List<String> running = runningNodesVia(via);
            if (!running.containsAll(expected)) {
                throw new IllegalStateException("cluster_status on " + node(via) + " shows running " + running);
            }
            return true;
        });
    }

    private static final Pattern RUNNING_NODES = Pattern.compile("\"running_nodes\"\\s*:\\s*\\[([^\\]]*)\\]");

    private static List<String> runningNodesVia(int n) {
        String json = rabbitmqctl("-n", node(n), "cluster_status", "--formatter", "json");
        Matcher matcher = RUNNING_NODES.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no running_nodes in the cluster_status of " + node(n) + ": " + json);
        }
        return Arrays.stream(matcher.group(1).split(","))
                .map(s -> s.trim().replace("\"", ""))
                .filter(s -> !s.isEmpty())
                .sorted()
                .toList();
    }

    /** The node's Erlang VM, from the pid file it writes at boot, checked to be one (pids get reused). */
    private ProcessHandle beam(int n) {
        Path pidFile = dir(n).resolve("pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle beam = ProcessHandle.of(pid)
                    .orElseThrow(() ->
                            new IllegalStateException("no process " + pid + " for " + node(n) + "\n" + diagnostics(n)));
            if (!beam.info().command().orElse("").endsWith("beam.smp")) {
                throw new IllegalStateException(
                        "process " + pid + " of " + pidFile + " is no Erlang VM: " + beam.info());
            }
            return beam;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid of " + node(n) + " in " + pidFile + ": " + e, e);
        }
    }

    /** Graceful {@code rabbitmqctl shutdown} (returns once the VM is gone); SIGKILL if that fails. */
    private void shutdown(int n) {
        Process server = servers[n - 1];
        boolean alive = server != null && server.isAlive();
        if (!alive && !accepts(amqpPort(n)) && !accepts(distPort(n))) {
            up[n - 1] = false;
            return;
        }
        Result result = run(ctl("-n", node(n), "shutdown"));
        if (result.exit() != 0 && result.exit() != NODE_DOWN && Files.exists(dir(n).resolve("pid"))) {
            beam(n).destroyForcibly();
        }
        up[n - 1] = false;
        awaitPortsClosed(n, "after rabbitmqctl shutdown: " + result.output());
    }

    private void awaitPortsClosed(int n, String context) {
        Await.until(
                TIMEOUT,
                "ports " + amqpPort(n) + " and " + distPort(n) + " of " + node(n) + " to close, " + context,
                () -> !accepts(amqpPort(n)) && !accepts(distPort(n)));
    }

    private String diagnostics(int n) {
        return "--- " + dir(n).resolve("server.out") + ":\n" + tail(dir(n).resolve("server.out")) + "\n--- node log:\n"
                + tail(dir(n).resolve("log").resolve(node(n) + ".log"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(" + file + " not readable: " + e + ")";
        }
    }

    // --- processes ---------------------------------------------------------------------------------------------

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** For shutting the three nodes down at once: each {@code rabbitmqctl shutdown} takes 2 to 4 s, mostly waiting. */
    private static void forEachNodeInParallel(IntConsumer action) {
        List<CompletableFuture<Void>> tasks = IntStream.rangeClosed(1, NODES)
                .mapToObj(n -> CompletableFuture.runAsync(
                        () -> action.accept(n), task -> new Thread(task, "rabbit-cluster-node-" + n).start()))
                .toList();
        Throwable failure = null;
        for (CompletableFuture<Void> task : tasks) {
            try {
                task.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause();
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** Debian's rabbitmqctl on the PATH, as {@link Rabbit#rabbitmqctl}: as root it runs as the rabbitmq user, with its cookie. */
    private static List<String> ctl(String... args) {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        return command;
    }

    /** Runs rabbitmqctl and returns its output, or fails with it. */
    private static String rabbitmqctl(String... args) {
        Result result = run(ctl(args));
        if (result.exit() != 0) {
            throw new IllegalStateException(
                    String.join(" ", ctl(args)) + " exited with " + result.exit() + ": " + result.output());
        }
        return result.output();
    }

    private record Result(int exit, String output) {}

    /** Runs a command to its end, within the timeout; the output goes through a file so that no pipe can block it. */
    private static Result run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("rabbit-cluster", ".out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " still running after "
                        + TIMEOUT.toSeconds() + " s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temp file
                }
            }
        }
    }
}
