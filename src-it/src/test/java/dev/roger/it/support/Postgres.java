package dev.roger.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A fresh database on the local PostgreSQL (127.0.0.1:5432, trust authentication) for one test class,
 * and the Payara Micro boot commands that make it the JDBC resource {@code jdbc/roger}.
 */
public final class Postgres implements AutoCloseable {

    public static final String RESOURCE = "jdbc/roger";
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /**
     * The deadlines the README gives a PostgreSQL pool: connecting, and any read the driver does
     * outside Roger's own deadline (roger.database.timeout), logging in among them, as driver
     * properties.
     */
    public static final String DRIVER_DEADLINES = "connectTimeout=5:socketTimeout=10";

    /** How long a call waits for a free connection of the pool, in milliseconds. */
    public static final int POOL_WAIT_MILLIS = 10_000;

    /** The driver's deadlines as a JDBC URL's query. */
    public static String urlDeadlines() {
        return "?" + DRIVER_DEADLINES.replace(':', '&');
    }

    private final String database = "roger_it_" + UUID.randomUUID().toString().substring(0, 8);

    public Postgres() {
        execute("CREATE DATABASE " + database);
    }

    public String database() {
        return database;
    }

    public String url() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "postgres");
    }

    /** Extra Payara Micro arguments: the driver and a boot command file that creates the pool and resource. */
    public List<String> microArguments() {
        return microArguments(5432);
    }

    /**
     * The same, reaching PostgreSQL on another port (a proxy a test can cut). The pool checks a
     * connection before lending it and replaces a broken one, so it recovers after an outage;
     * connecting, logging in and waiting for a connection have deadlines, as in the README. Not
     * "close all on any failure": under a held database that pool kept connections past its maximum.
     */
    public List<String> microArguments(int port) {
        try {
            Path commands = Files.createTempFile("roger-it-postboot", ".txt");
            Files.writeString(
                    commands,
                    String.join(
                            "\n",
                            "create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource"
                                    + " --restype javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=meta-data"
                                    + " --maxwait=" + POOL_WAIT_MILLIS
                                    + " --property serverName=127.0.0.1:portNumber=" + port
                                    + ":databaseName=" + database + ":user=postgres:password=postgres:"
                                    + DRIVER_DEADLINES + " roger-pool",
                            "create-jdbc-resource --connectionpoolid roger-pool " + RESOURCE,
                            ""));
            return List.of(
                    "--addlibs", System.getProperty("postgresql.jar"), "--postbootcommandfile", commands.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL on 127.0.0.1:5432 is needed (" + sql + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
}
