package dev.roger.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Server (the full server, from Maven Central), set up as the README says: a domain of its
 * own, the PostgreSQL driver in the domain's lib folder, a pool and resource {@code jdbc/roger},
 * Roger's configuration in the environment, the EAR deployed with {@code asadmin deploy}.
 */
public final class PayaraServer implements AutoCloseable {

    private static final String DOMAIN = "roger-it";
    /** Ports 28000 + the usual last two digits: HTTP 28080, admin 28048. */
    private static final int PORT_BASE = 28000;

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final Path home;
    private final Path log;
    private final Map<String, String> environment;
    private boolean started;

    public PayaraServer(Map<String, String> environment) {
        this.home = Commands.required("payara.server.home").toPath();
        this.environment = environment;
        try {
            this.log = Files.createTempFile("roger-it-payara-server", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JNDI name of the ManagedExecutorService made for Roger's jobs. */
    public static final String WORKERS_EXECUTOR = "concurrent/roger-workers";

    /** Creates a fresh domain, starts it, creates the data source on {@code postgres} and deploys the EAR. */
    public PayaraServer start(Postgres postgres, File ear) {
        if (Files.isDirectory(home.resolve("glassfish/domains/" + DOMAIN))) {
            asadmin("delete-domain", DOMAIN);
        }
        asadmin("create-domain", "--nopassword", "--portbase", String.valueOf(PORT_BASE), DOMAIN);
        try {
            Files.copy(
                    Commands.required("postgresql.jar").toPath(),
                    home.resolve("glassfish/domains/" + DOMAIN + "/lib/postgresql.jar"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        asadmin("start-domain", DOMAIN);
        started = true;
        admin(
                "create-jdbc-connection-pool",
                "--datasourceclassname",
                "org.postgresql.ds.PGSimpleDataSource",
                "--restype",
                "javax.sql.DataSource",
                "--isconnectvalidatereq=true",
                "--validationmethod=meta-data",
                "--maxwait=" + Postgres.POOL_WAIT_MILLIS,
                "--property",
                "serverName=127.0.0.1:portNumber=5432:databaseName=" + postgres.database()
                        + ":user=postgres:password=postgres:" + Postgres.DRIVER_DEADLINES,
                "roger-pool");
        admin("create-jdbc-resource", "--connectionpoolid", "roger-pool", Postgres.RESOURCE);
        // a ManagedExecutorService for Roger's jobs, as an operator would make one (roger.workers.executor)
        admin("create-managed-executor-service", "--corepoolsize", "20", "--maximumpoolsize", "20", WORKERS_EXECUTOR);
        admin("deploy", ear.getAbsolutePath());
        return this;
    }

    public String baseUrl() {
        return "http://localhost:" + (PORT_BASE + 80) + "/roger/";
    }

    /** MicroProfile Health: on the HTTP port at the root. */
    public String healthUrl() {
        return "http://localhost:" + (PORT_BASE + 80) + "/health/";
    }

    public String logText() {
        try {
            Path serverLog = home.resolve("glassfish/domains/" + DOMAIN + "/logs/server.log");
            return Files.readString(log) + (Files.exists(serverLog) ? Files.readString(serverLog) : "");
        } catch (IOException e) {
            return "";
        }
    }

    private void admin(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--port", String.valueOf(PORT_BASE + 48)));
        all.addAll(List.of(arguments));
        asadmin(all.toArray(String[]::new));
    }

    private void asadmin(String... arguments) {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/asadmin").toString()));
        command.addAll(List.of(arguments));
        // start-domain hands the environment on to the server: Roger reads ROGER_* from it
        Commands.run(log, environment, COMMAND_TIMEOUT, command);
    }

    @Override
    public void close() {
        if (started) {
            started = false;
            asadmin("stop-domain", DOMAIN);
        }
    }
}
