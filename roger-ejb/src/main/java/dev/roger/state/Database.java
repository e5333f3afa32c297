package dev.roger.state;

import dev.roger.api.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Small JDBC helpers over the configured DataSource; every failure becomes a {@link StateUnavailableException}. */
public final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int SCHEMA_ATTEMPTS = 5;

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Brings the database to the latest version of Roger's schema ({@link SchemaMigrations}: numbered
     * steps, each applied once per database, under a lock). Retried a few times: instances starting
     * together may still collide where no lock can be held yet (PostgreSQL may refuse one of two
     * concurrent {@code CREATE TABLE IF NOT EXISTS} of the version table), and a database that is
     * still starting may refuse the first connections.
     */
    public void createSchema() {
        createSchema(Schema.MIGRATIONS, SchemaMigrations.LOCK_WAIT);
    }

    void createSchema(List<Migration> migrations, java.time.Duration lockWait) {
        SchemaMigrations schema = new SchemaMigrations(dataSource, migrations, lockWait);
        SQLException last = null;
        String operation = "create its tables";
        for (int attempt = 1; attempt <= SCHEMA_ATTEMPTS; attempt++) {
            try {
                schema.migrate();
                return;
            } catch (SchemaMigrations.Failed e) {
                last = e;
                operation = e.operation();
                if (!e.worthRetrying()) {
                    break;
                }
            } catch (SQLException e) {
                last = e;
                operation = "create its tables";
                LOG.log(Level.FINE, "creating the schema, attempt " + attempt, e);
            }
            if (attempt < SCHEMA_ATTEMPTS) {
                sleepQuietly(200L * attempt);
            }
        }
        throw new StateUnavailableException(operation, last);
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** One statement in autocommit; returns the update count. */
    int update(String operation, String sql, Object... parameters) {
        return autocommit(operation, connection -> update(connection, sql, parameters));
    }

    /** An insert that reports a duplicate key as false instead of failing. */
    boolean insertUnique(String operation, String sql, Object... parameters) {
        return autocommit(operation, connection -> {
            try {
                update(connection, sql, parameters);
                return true;
            } catch (SQLException e) {
                if (isDuplicate(e)) {
                    return false;
                }
                throw e;
            }
        });
    }

    <T> List<T> query(String operation, String sql, RowMapper<T> mapper, Object... parameters) {
        return autocommit(operation, connection -> query(connection, sql, mapper, parameters));
    }

    <T> T autocommit(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new StateUnavailableException(operation, e);
        }
    }

    /** A transaction: committed when the work returns, rolled back when it throws. */
    <T> T transaction(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StateUnavailableException(operation, e);
        }
    }

    /**
     * Locks the row the query finds, deletes it and runs the work in one transaction, so the row goes
     * only when the work succeeded; false when there is no such row. Both statements take the parameters.
     */
    <T> boolean take(
            String operation,
            String selectForUpdate,
            String delete,
            RowMapper<T> mapper,
            java.util.function.Consumer<T> work,
            Object... parameters) {
        return transaction(operation, connection -> {
            List<T> rows = query(connection, selectForUpdate, mapper, parameters);
            if (rows.isEmpty()) {
                return false;
            }
            update(connection, delete, parameters);
            work.accept(rows.get(0));
            return true;
        });
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private volatile Boolean postgres;

    /**
     * For batches of {@code MERGE ... USING (VALUES ...)}: PostgreSQL's generic plan for a prepared
     * MERGE joins the whole table (it cost 2,000 merges 1.2 s and growing, against 0.11 s planned each
     * time), so within this transaction each statement is planned with its values. H2 plans each anyway.
     */
    void planEachStatement(Connection connection) throws SQLException {
        if (isPostgres(connection)) {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
        }
    }

    private volatile Boolean copies;

    /**
     * Whether records can go in by PostgreSQL's COPY: the server's driver is PgJDBC and Roger's class
     * loader sees it (asked once).
     */
    boolean copies(Connection connection) {
        if (copies == null) {
            boolean available;
            try {
                available = PostgresCopy.available(connection);
            } catch (LinkageError e) {
                available = false;
            }
            copies = available;
            LOG.fine(() -> "job records " + (copies ? "use" : "do not use") + " PostgreSQL's COPY");
        }
        return copies;
    }

    /** Whether the database is PostgreSQL (asked once: every connection is to the same database). */
    boolean isPostgres(Connection connection) throws SQLException {
        if (postgres == null) {
            postgres = connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
        }
        return postgres;
    }

    /**
     * SQLSTATE class 23: integrity constraint violation, the same on H2 and PostgreSQL; a failed batch
     * may carry it on the exception it chains.
     */
    static boolean isDuplicate(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("23")) {
                return true;
            }
            if (next.getCause() instanceof SQLException cause && cause != next && isDuplicate(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database keeps its data in memory only (an H2 {@code mem:} URL, WildFly's default
     * data source), so that what it holds is gone when the server stops.
     */
    public boolean losesDataAtRestart() {
        return autocommit("read the database's URL", connection -> {
            String url = connection.getMetaData().getURL();
            return url != null && url.toLowerCase(java.util.Locale.ROOT).startsWith("jdbc:h2:mem:");
        });
    }

    /** Checks that the database answers. */
    public void ping() {
        autocommit("check the database", connection -> connection.isValid(5));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
