package dev.roger.state;

import dev.roger.api.StateRejectedException;
import dev.roger.api.StateUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Small JDBC helpers over the configured DataSource; every failure becomes a {@link StateUnavailableException}, or a
 * {@link StateRejectedException} when the database refused the data. */
public final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int SCHEMA_ATTEMPTS = 5;

    /** Used without a deadline: the schema's migrations (one may rewrite a large table) and the tests. */
    static final Duration NO_DEADLINE = Duration.ZERO;

    private final DataSource dataSource;
    private final Duration deadline;
    /** Set once a driver or pool refused network timeouts; the calls then go on without one. */
    private volatile boolean noNetworkTimeouts;

    public Database(DataSource dataSource) {
        this(dataSource, NO_DEADLINE);
    }

    /**
     * @param deadline how long one call may wait on the database's network before it fails (zero: no
     *     deadline); a JDBC call ignores interrupts, so this is what bounds Roger's periodic work
     */
    public Database(DataSource dataSource, Duration deadline) {
        this.dataSource = dataSource;
        this.deadline = deadline;
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
        return borrowed(operation, connection -> {
            connection.setAutoCommit(true);
            return work.run(connection);
        });
    }

    /** A transaction: committed when the work returns, rolled back when it throws. */
    <T> T transaction(String operation, Work<T> work) {
        return borrowed(operation, connection -> {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (SQLException | RuntimeException onTheWayOut) { // a broken connection: the cause counts
                    e.addSuppressed(onTheWayOut);
                }
                throw e;
            }
            connection.setAutoCommit(true);
            return result;
        });
    }

    /**
     * Lends a connection of the pool with the deadline set. A connection the call found broken (a
     * deadline passed, the database went away) goes back aborted, so the pool drops it: closed as
     * usual, the pool would keep it as free, and the next call to borrow it would fail in turn.
     */
    private <T> T borrowed(String operation, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            int before = -1;
            try {
                before = withDeadline(connection);
                T result = work.run(connection);
                restore(connection, before);
                return result;
            } catch (SQLException | RuntimeException e) {
                if (!isBroken(e)) {
                    restore(connection, before);
                    throw e;
                }
                abort(connection);
                if (e instanceof RuntimeException) {
                    // a pool's proxy may wrap the driver's SQLException in an undeclared one
                    throw new StateUnavailableException(operation, e);
                }
                throw e;
            }
        } catch (SQLException e) {
            if (isRejected(e)) {
                throw new StateRejectedException(operation, e);
            }
            throw new StateUnavailableException(operation, e);
        }
    }

    /**
     * Whether the database refused the data (SQLSTATE class 22, data exception; 23, integrity constraint
     * violation): the same statement would fail again, so it is no outage to wait out.
     */
    static boolean isRejected(SQLException e) {
        // a batch's failure may carry the statement's own in its next exceptions, a pool's in its cause
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                    if (next.getNextException() == next) {
                        break;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** Whether an exception says the connection itself failed (SQLSTATE class 08), not the statement. */
    static boolean isBroken(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static void abort(Connection connection) {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            LOG.log(Level.FINE, "could not abort a broken connection; it is closed as usual", e);
        }
    }

    /**
     * Bounds every wait of this borrowed connection on the network by the deadline ({@link
     * Connection#setNetworkTimeout}): a database that stops answering fails the call, as a broken
     * connection, instead of holding its thread. Returns the timeout it had, to give the pool's
     * connection back as it was lent.
     */
    private int withDeadline(Connection connection) throws SQLException {
        if (deadline.isZero() || noNetworkTimeouts) {
            return -1;
        }
        try {
            return swapNetworkTimeout(connection, (int) deadline.toMillis());
        } catch (SQLFeatureNotSupportedException | UnsupportedOperationException | AbstractMethodError e) {
            noNetworkTimeouts = true;
            LOG.log(
                    Level.WARNING,
                    "the database's driver or pool takes no network timeout (" + e
                            + "); calls to the shared database go on without a deadline");
            return -1;
        }
    }

    /**
     * Lifts any network deadline from a connection (the pool's {@code socketTimeout} as well) for work
     * that may rightly wait long: a migration that rewrites a table, or the wait for another instance's.
     * Returns the timeout it had, for {@link #restore}; -1 where the driver or pool takes none.
     */
    static int withoutDeadline(Connection connection) {
        try {
            return swapNetworkTimeout(connection, 0);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            return -1;
        }
    }

    /** Sets the connection's network timeout (0: none) and returns the one it had. */
    private static int swapNetworkTimeout(Connection connection, int millis) throws SQLException {
        int before = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, millis);
        return before;
    }

    static void restore(Connection connection, int before) {
        if (before < 0) {
            return;
        }
        try {
            connection.setNetworkTimeout(Runnable::run, before);
        } catch (SQLException | RuntimeException e) {
            // a broken connection: the pool drops it
            LOG.log(Level.FINE, "could not restore a connection's network timeout", e);
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
            Object parameter = parameters[i];
            statement.setObject(i + 1, parameter instanceof String text ? Columns.text(text) : parameter);
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

    /**
     * Checks that the database answers; throws when it does not. A connection that does not answer
     * is a broken one (SQLSTATE 08006), so the pool drops it rather than lend it again.
     */
    public void ping() {
        autocommit("check the database", connection -> {
            if (!connection.isValid(5)) {
                throw new SQLException("the database did not answer a check of its connection", "08006");
            }
            return null;
        });
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
