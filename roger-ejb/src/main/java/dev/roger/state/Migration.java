package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * One numbered step of Roger's schema, applied once per database by {@link SchemaMigrations}, in its
 * own transaction, and recorded in {@code roger_schema_version}. A step never changes once released:
 * a later change is a new step.
 *
 * <p>H2 commits each DDL statement at once (PostgreSQL keeps it in the transaction), so a step that
 * fails half-way on H2 may leave part of its work: every step is written to be run again safely
 * ({@code IF NOT EXISTS}, {@code IF EXISTS}, updates that find nothing the second time).
 */
record Migration(int version, String description, Step step) {

    /** What a step does, on the connection of its transaction (which the runner commits). */
    @FunctionalInterface
    interface Step {
        void apply(Connection connection) throws SQLException;
    }

    Migration {
        if (version < 1) {
            throw new IllegalArgumentException("a migration's version starts at 1: " + version);
        }
        if (description.length() > 200) {
            throw new IllegalArgumentException("the description fits roger_schema_version.description");
        }
    }

    /** A step of SQL statements, run in their order. */
    static Migration sql(int version, String description, List<String> statements) {
        return new Migration(version, description, connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        });
    }

    /** How an error or a log line names this step. */
    String name() {
        return "schema migration " + version + " (" + description + ")";
    }
}
