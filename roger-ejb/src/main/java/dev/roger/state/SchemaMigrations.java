package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Brings a database to the latest version of Roger's schema: applies, in order, each {@link Migration}
 * that {@code roger_schema_version} does not list, each in its own transaction together with its row
 * there.
 *
 * <p>The whole run holds a lock, so instances that start together apply each step once: the row of
 * {@code roger_schema_lock}, locked {@code FOR UPDATE} by a connection of its own whose transaction
 * stays open until the run ends. (The steps run on a second connection: H2 commits each DDL statement
 * at once, which would release a lock taken in the steps' own transaction; PostgreSQL waits on the
 * same row lock.) An instance that finds the database at the latest version takes no lock.
 *
 * <p>A database without versions but with Roger's tables was made by a release before versioning: its
 * version 1 is recorded as {@code baseline} (version 1 only completes such a database: each of its
 * statements is idempotent), and the later steps are applied to it as to any other.
 */
final class SchemaMigrations {

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    /** How long an instance waits for another one's run before it gives up. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(10);

    /** {@code applied_as} of a step this run applied. */
    static final String MIGRATED = "migrated";

    /** {@code applied_as} of version 1 on a database a release before versioning made. */
    static final String BASELINE = "baseline";

    /** Created by every release before versioning: its presence without versions tells such a database. */
    private static final String TABLE_OF_EARLIER_RELEASES = "roger_instance";

    private static final List<String> BOOKKEEPING =
            List.of("""
            CREATE TABLE IF NOT EXISTS roger_schema_version (
              version INT NOT NULL PRIMARY KEY,
              description VARCHAR(200) NOT NULL,
              applied_as VARCHAR(20) NOT NULL,
              applied_at BIGINT NOT NULL,
              took_ms BIGINT NOT NULL)""", "CREATE TABLE IF NOT EXISTS roger_schema_lock (id INT NOT NULL PRIMARY KEY)");

    /** What stopped a run; {@code operation} says what Roger was doing, for the error at start. */
    static final class Failed extends SQLException {
        private static final long serialVersionUID = 1L;

        private final String operation;
        private final boolean worthRetrying;

        Failed(String operation, boolean worthRetrying, Throwable cause) {
            super(operation + " failed", cause instanceof SQLException sql ? sql.getSQLState() : null, cause);
            this.operation = operation;
            this.worthRetrying = worthRetrying;
        }

        String operation() {
            return operation;
        }

        boolean worthRetrying() {
            return worthRetrying;
        }
    }

    private final DataSource dataSource;
    private final List<Migration> migrations;
    private final Duration lockWait;

    SchemaMigrations(DataSource dataSource, List<Migration> migrations, Duration lockWait) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations are numbered 1, 2, ... in order: " + migrations);
            }
        }
        this.dataSource = dataSource;
        this.migrations = List.copyOf(migrations);
        this.lockWait = lockWait;
    }

    /** Applies what is missing; returns the version the database is at. */
    int migrate() throws SQLException {
        int latest = migrations.size();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (String statement : BOOKKEEPING) {
                Database.update(connection, statement);
            }
            ensureLockRow(connection);
            int current = currentVersion(connection);
            if (current > latest) {
                LOG.warning(() -> "Roger's schema in this database is at version " + current
                        + ", newer than this release's " + latest
                        + ": an instance of a newer release migrated it. This instance runs on it as it is.");
            }
            if (current >= latest) {
                return current;
            }
        }
        try (Connection lock = dataSource.getConnection()) {
            int lockTimeout = Database.withoutDeadline(lock);
            lock.setAutoCommit(false);
            try {
                takeLock(lock);
                try (Connection work = dataSource.getConnection()) {
                    int workTimeout = Database.withoutDeadline(work);
                    try {
                        return applyMissing(work);
                    } finally {
                        Database.restore(work, workTimeout);
                    }
                }
            } finally {
                lock.rollback(); // the lock's transaction wrote nothing
                lock.setAutoCommit(true);
                Database.restore(lock, lockTimeout);
            }
        }
    }

    private static void ensureLockRow(Connection connection) throws SQLException {
        if (!Database.query(connection, "SELECT id FROM roger_schema_lock WHERE id = 1", row -> 1)
                .isEmpty()) {
            return;
        }
        try {
            Database.update(connection, "INSERT INTO roger_schema_lock (id) VALUES (1)");
        } catch (SQLException e) {
            if (!Database.isDuplicate(e)) { // another instance inserted it first
                throw e;
            }
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        return Database.query(
                        connection, "SELECT COALESCE(MAX(version), 0) FROM roger_schema_version", row -> row.getInt(1))
                .get(0);
    }

    private void takeLock(Connection lock) throws SQLException {
        long deadline = System.nanoTime() + lockWait.toNanos();
        boolean told = false;
        boolean postgres = lock.getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgres");
        while (true) {
            try {
                if (postgres) {
                    // PostgreSQL waits for a row lock for ever by default: wait in rounds, so the wait is bounded
                    // and logged as on H2 (whose lock timeout is 2 s by default); LOCAL ends with this transaction
                    Database.update(lock, "SET LOCAL lock_timeout = '5s'");
                }
                if (Database.query(lock, "SELECT id FROM roger_schema_lock WHERE id = 1 FOR UPDATE", row -> 1)
                        .isEmpty()) {
                    throw new SQLException("the row of roger_schema_lock is missing");
                }
                return;
            } catch (SQLException e) {
                lock.rollback();
                if (!isLockWait(e)) {
                    throw e;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new Failed(
                            "wait for the schema migration of another instance (it held the lock in"
                                    + " roger_schema_lock for more than " + lockWait.toMinutes() + " minutes)",
                            false,
                            e);
                }
                if (!told) {
                    LOG.info("Waiting for another instance to finish migrating Roger's schema");
                    told = true;
                }
            }
        }
    }

    /** A lock timeout (H2 HYT00, PostgreSQL 55P03) or a deadlock: another run holds the lock. */
    private static boolean isLockWait(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.equals("HYT00") || state.equals("55P03") || state.equals("40001") || state.equals("40P01"));
    }

    private int applyMissing(Connection work) throws SQLException {
        work.setAutoCommit(false);
        try {
            Set<Integer> applied = new HashSet<>(
                    Database.query(work, "SELECT version FROM roger_schema_version", row -> row.getInt(1)));
            boolean baseline = applied.isEmpty() && tableExists(work, TABLE_OF_EARLIER_RELEASES);
            work.commit();
            if (baseline) {
                LOG.info("Roger's tables in this database were made by a release before schema versions:"
                        + " they are taken as version 1 (completed where an earlier release had fewer)");
            }
            for (Migration migration : migrations) {
                if (!applied.contains(migration.version())) {
                    apply(work, migration, baseline && migration.version() == 1 ? BASELINE : MIGRATED);
                }
            }
            return migrations.size();
        } finally {
            work.setAutoCommit(true);
        }
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        // information_schema on both; H2 keeps names in upper case, PostgreSQL in lower case
        return Database.query(
                                connection,
                                "SELECT COUNT(*) FROM information_schema.tables"
                                        + " WHERE LOWER(table_name) = ? AND table_schema = CURRENT_SCHEMA",
                                row -> row.getLong(1),
                                table)
                        .get(0)
                > 0;
    }

    private static void apply(Connection work, Migration migration, String appliedAs) throws SQLException {
        long started = System.nanoTime();
        try {
            migration.step().apply(work);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            Database.update(
                    work,
                    "INSERT INTO roger_schema_version (version, description, applied_as, applied_at, took_ms)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    migration.version(),
                    migration.description(),
                    appliedAs,
                    System.currentTimeMillis(),
                    tookMs);
            work.commit();
            LOG.info(() -> "Applied " + migration.name() + " as " + appliedAs + " in " + tookMs + " ms");
        } catch (SQLException | RuntimeException e) {
            try {
                work.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            LOG.log(
                    Level.WARNING,
                    "Roger's " + migration.name() + " failed and was rolled back (on H2, the DDL it ran stays:"
                            + " the step runs again from its start)",
                    e);
            throw new Failed("apply " + migration.name(), true, e);
        }
    }
}
