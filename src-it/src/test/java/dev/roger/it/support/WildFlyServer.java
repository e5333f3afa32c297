package dev.roger.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WildFly (from Maven Central), set up as the README says: {@code standalone.xml} changed offline
 * with jboss-cli (MicroProfile Health added, Jakarta Security left to the application, the
 * PostgreSQL driver and a non-JTA data source), Roger's configuration in the environment, the EAR
 * dropped into the deployments folder. Each start uses a fresh copy of {@code standalone/}.
 */
public final class WildFlyServer implements AutoCloseable {

    /** Added to every port: HTTP 29080, management (health) 30990. */
    private static final int PORT_OFFSET = 21000;

    public static final String DATASOURCE = "java:jboss/datasources/RogerDS";
    /** The JNDI name of the ManagedExecutorService made for Roger's jobs. */
    public static final String WORKERS_EXECUTOR = "java:jboss/ee/concurrency/executor/roger-workers";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path home;
    private final Path base;
    private final Path log;
    private final Map<String, String> environment;
    private Process process;

    public WildFlyServer(Map<String, String> environment) {
        this.home = Commands.required("wildfly.home").toPath();
        this.environment = environment;
        try {
            this.base = Files.createTempDirectory("roger-it-wildfly");
            this.log = base.resolve("wildfly.log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configures a fresh server folder for {@code postgres}, starts it with the EAR and waits for the deployment. */
    public WildFlyServer start(Postgres postgres, File ear) {
        copy(home.resolve("standalone"), base);
        configure(postgres);
        try {
            Files.copy(ear.toPath(), base.resolve("deployments/roger.ear"));
            ProcessBuilder builder = new ProcessBuilder(
                            home.resolve("bin/standalone.sh").toString(),
                            "-Djboss.server.base.dir=" + base,
                            "-Djboss.socket.binding.port-offset=" + PORT_OFFSET)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path deployed = base.resolve("deployments/roger.ear.deployed");
        Path failed = base.resolve("deployments/roger.ear.failed");
        Await.until(START_TIMEOUT, "WildFly deploys roger.ear", () -> {
            if (Files.exists(failed) || !process.isAlive()) {
                throw new AssertionError("WildFly did not deploy roger.ear:\n" + logText());
            }
            return Files.exists(deployed);
        });
        return this;
    }

    private void configure(Postgres postgres) {
        Path driver = Commands.required("postgresql.jar").toPath();
        String moduleAdd = Files.isDirectory(home.resolve("modules/org/postgresql/main"))
                ? ""
                : "module add --name=org.postgresql --resources=" + driver
                        + " --dependencies=java.sql,jakarta.transaction.api\n";
        String script = "embed-server --server-config=standalone.xml --std-out=discard\n"
                + "/extension=org.wildfly.extension.microprofile.health-smallrye:add\n"
                + "/subsystem=microprofile-health-smallrye:add(security-enabled=false)\n"
                + "/subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi,value=false)\n"
                + moduleAdd
                + "/subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql,driver-module-name=org.postgresql,"
                + "driver-class-name=org.postgresql.Driver)\n"
                + "data-source add --name=RogerDS --jndi-name=" + DATASOURCE + " --driver-name=postgresql"
                + " --connection-url=\"" + postgres.url() + Postgres.urlDeadlines() + "\""
                + " --blocking-timeout-wait-millis=" + Postgres.POOL_WAIT_MILLIS
                + " --user-name=postgres --password=postgres --jta=false"
                + " --validate-on-match=true --background-validation=false"
                + " --valid-connection-checker-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker"
                + " --exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter\n"
                // a ManagedExecutorService for Roger's jobs, as an operator would make one (roger.workers.executor)
                + "/subsystem=ee/managed-executor-service=roger-workers:add(jndi-name=" + WORKERS_EXECUTOR
                + ",context-service=default,core-threads=20,max-threads=20,hung-task-threshold=0)\n"
                + "stop-embedded-server\n";
        try {
            Path file = base.resolve("roger.cli");
            Files.writeString(file, script, StandardCharsets.UTF_8);
            Commands.run(
                    log,
                    Map.of(),
                    Duration.ofMinutes(2),
                    List.of(
                            home.resolve("bin/jboss-cli.sh").toString(),
                            "-Djboss.server.base.dir=" + base,
                            "--file=" + file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + (8080 + PORT_OFFSET) + "/roger/";
    }

    /** MicroProfile Health: on the management port. */
    public String healthUrl() {
        return "http://localhost:" + (9990 + PORT_OFFSET) + "/health/";
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Commands.run(
                    log,
                    Map.of(),
                    Duration.ofMinutes(2),
                    List.of(
                            home.resolve("bin/jboss-cli.sh").toString(),
                            "--connect",
                            "--controller=localhost:" + (9990 + PORT_OFFSET),
                            "--command=shutdown"));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
