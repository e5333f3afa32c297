package dev.roger.it.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Payara Micro instance in its own JVM, for what Arquillian's one instance per class cannot do:
 * a second instance beside it, a stop and a restart, a deployment that must fail.
 */
public final class MicroProcess implements AutoCloseable {

    private final File war;
    private final Map<String, String> environment;
    private final List<String> extraArguments;
    private final Path rootDir;
    private final Path log;
    private final int port;
    private boolean rogerFlags = true;
    private Process process;

    public MicroProcess(File war, Map<String, String> environment) {
        this(war, environment, List.of());
    }

    /** @param extraArguments more Payara Micro options, e.g. {@code --addlibs} */
    public MicroProcess(File war, Map<String, String> environment, List<String> extraArguments) {
        this.war = war;
        this.environment = environment;
        this.extraArguments = extraArguments;
        try {
            this.rootDir = Files.createTempDirectory("roger-it-micro");
            this.log = rootDir.resolve("micro.log");
            this.port = freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Started as a user would start it: without {@code -Droger.http.port} and without an instance name,
     * so Roger picks its default name.
     */
    public MicroProcess withoutRogerFlags() {
        rogerFlags = false;
        return this;
    }

    /** Starts the JVM without waiting for it; after a stop, starts it again on the same port and folder. */
    public MicroProcess launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String microJar = System.getProperty("payara.microJar");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (rogerFlags) {
            command.add("-Droger.http.port=" + port);
        }
        command.addAll(List.of(
                "-jar",
                microJar,
                "--deploy",
                war.getAbsolutePath(),
                "--nocluster",
                "--port",
                String.valueOf(port),
                "--rootdir",
                rootDir.resolve("root").toString()));
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (rogerFlags) {
            builder.environment().put("ROGER_INSTANCE_NAME", instanceName());
        } else {
            builder.environment().remove("ROGER_INSTANCE_NAME");
        }
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Launches the instances together (they boot in parallel) and waits until each is ready. */
    public static void startTogether(MicroProcess... instances) {
        for (MicroProcess instance : instances) {
            instance.launch();
        }
        for (MicroProcess instance : instances) {
            instance.awaitLog("ready in", Duration.ofMinutes(4));
        }
    }

    /** Starts and waits until Payara Micro reports it is ready. */
    public MicroProcess start() {
        launch();
        awaitLog("ready in", Duration.ofMinutes(4));
        return this;
    }

    public void awaitLog(String text, Duration timeout) {
        Await.until(timeout, "'" + text + "' in the log of Payara Micro on port " + port, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + process.exitValue() + ":\n" + logText());
            }
            return logText().contains(text);
        });
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The root of the HTTP port, e.g. {@code http://localhost:8123/}. */
    public String rootUrl() {
        return "http://localhost:" + port + "/";
    }

    public String baseUrl() {
        return "http://localhost:" + port + "/roger/";
    }

    /** MicroProfile Health: on the HTTP port at the root. */
    public String healthUrl() {
        return "http://localhost:" + port + "/health/";
    }

    /** Graceful stop, as Ctrl-C or a service manager would do it: SIGTERM, then wait. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Crash: SIGKILL, no shutdown hooks, nothing graceful. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The server's process id (the benchmark reads its CPU time). */
    public long pid() {
        return process.pid();
    }

    public String instanceName() {
        return "micro-" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
