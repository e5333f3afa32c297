package dev.roger.state;

import dev.roger.records.RecordChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a batch of record changes in one transaction. A job's first change is inserted (on
 * PostgreSQL by one COPY, or {@code INSERT ... ON CONFLICT DO NOTHING}; on H2 behind a savepoint);
 * every other change is a {@code MERGE}, whose two {@code WHEN MATCHED} arms are the forward-only
 * rule: a change of at least the stored rank moves the record (its fields win), any other only fills
 * what the record lacks. Inserts and merges are batched, {@value #ROWS_PER_MERGE} rows to a statement.
 */
final class RecordWrites {

    private RecordWrites() {}

    private static final String[] FIELDS = {
        "queue_name",
        "job_type",
        "enqueued_at",
        "due_at",
        "started_at",
        "finished_at",
        "attempt",
        "instance",
        "last_error",
        "error_stack",
        "result",
        "args",
        "body",
        "progress",
        "progress_message"
    };
    private static final String[] TYPES = {
        "VARCHAR(100)",
        "VARCHAR(200)",
        "BIGINT",
        "BIGINT",
        "BIGINT",
        "BIGINT",
        "INT",
        "VARCHAR(200)",
        "VARCHAR(4000)",
        "VARCHAR(4000)",
        "VARCHAR",
        "VARCHAR",
        "VARCHAR",
        "INT",
        "VARCHAR(200)"
    };

    /** The columns after (application, job_id, state, rnk, updated_at), in the order every statement binds them. */
    static List<String> fields() {
        return List.of(FIELDS);
    }

    /** Rows per MERGE: one statement plans and joins 50 changes (twice as fast per row on PostgreSQL as one each). */
    static final int ROWS_PER_MERGE = 50;

    private static final String MERGE_ONE = merge(1);
    private static final String MERGE_MANY = merge(ROWS_PER_MERGE);
    private static final String INSERT_ONE = insert(1);
    private static final String INSERT_MANY = insert(ROWS_PER_MERGE);

    /** A MERGE of {@code rows} changes; the changes of one statement must be of different jobs. */
    private static String merge(int rows) {
        StringBuilder source =
                new StringBuilder("CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(20)),"
                        + " CAST(? AS BIGINT), CAST(? AS BOOLEAN), CAST(? AS BIGINT)");
        StringBuilder names = new StringBuilder("application, job_id, state, rnk, reopen, updated_at");
        StringBuilder moves = new StringBuilder("state = s.state, rnk = s.rnk, updated_at = s.updated_at");
        StringBuilder fills = new StringBuilder("updated_at = t.updated_at");
        StringBuilder insertColumns = new StringBuilder("application, job_id, state, rnk, updated_at");
        StringBuilder insertValues = new StringBuilder("s.application, s.job_id, s.state, s.rnk, s.updated_at");
        for (int i = 0; i < FIELDS.length; i++) {
            String field = FIELDS[i];
            source.append(", CAST(? AS ").append(TYPES[i]).append(')');
            names.append(", ").append(field);
            moves.append(", ")
                    .append(field)
                    .append(" = COALESCE(s.")
                    .append(field)
                    .append(", t.")
                    .append(field)
                    .append(')');
            fills.append(", ")
                    .append(field)
                    .append(" = COALESCE(t.")
                    .append(field)
                    .append(", s.")
                    .append(field)
                    .append(')');
            insertColumns.append(", ").append(field);
            insertValues.append(", s.").append(field);
        }
        String row = "(" + source + ")";
        String values = String.join(", ", java.util.Collections.nCopies(rows, row));
        return "MERGE INTO roger_job t USING (VALUES " + values + ") AS s (" + names + ")"
                + " ON t.application = s.application AND t.job_id = s.job_id"
                + " WHEN MATCHED AND (t.rnk <= s.rnk OR s.reopen) THEN UPDATE SET " + moves
                + " WHEN MATCHED THEN UPDATE SET " + fills
                + " WHEN NOT MATCHED THEN INSERT (" + insertColumns + ") VALUES (" + insertValues + ")";
    }

    /** An INSERT of {@code rows} new records. */
    private static String insert(int rows) {
        String columns = "application, job_id, state, rnk, updated_at, " + String.join(", ", FIELDS);
        String row = "(" + String.join(", ", java.util.Collections.nCopies(5 + FIELDS.length, "?")) + ")";
        return "INSERT INTO roger_job (" + columns + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(rows, row));
    }

    /**
     * The changes are of different jobs (the writer merges the changes of one job into one). A job's
     * first change is inserted; when its record exists already it is merged instead, or left out when
     * it only opens the record ({@link RecordChange#onlyOpens}: the step that wrote it knew more).
     * {@code copy}: on PostgreSQL, new records of jobs that ran go in as one COPY, which fails the
     * transaction (a duplicate key) when one exists after all; the caller then writes without it.
     */
    static Void write(Database db, Connection connection, List<RecordChange> changes, boolean copy)
            throws SQLException {
        db.planEachStatement(connection);
        List<RecordChange> inserts = new ArrayList<>();
        List<RecordChange> merges = new ArrayList<>();
        for (RecordChange c : changes) {
            (c.first() && !c.reopen() ? inserts : merges).add(c);
        }
        List<RecordChange> existing;
        if (!db.isPostgres(connection)) {
            existing = insertOrFind(connection, inserts);
        } else if (copy && db.copies(connection)) {
            // the records of jobs that ended (or ran) here are new but for a race; an enqueue's or a
            // schedule's held past the hold often finds the record written by the instance that ran it
            List<RecordChange> opens = new ArrayList<>();
            List<RecordChange> fresh = new ArrayList<>();
            for (RecordChange c : inserts) {
                (c.onlyOpens() ? opens : fresh).add(c);
            }
            if (!fresh.isEmpty()) {
                PostgresCopy.insert(connection, fresh);
            }
            existing = insertUnlessThere(connection, opens);
        } else {
            existing = insertUnlessThere(connection, inserts);
        }
        for (RecordChange c : existing) {
            if (!c.onlyOpens()) {
                merges.add(c);
            }
        }
        execute(connection, MERGE_MANY, MERGE_ONE, merges, true, "");
        return null;
    }

    /**
     * PostgreSQL: inserts each record unless it exists ({@code ON CONFLICT DO NOTHING}: no
     * subtransaction, and a record that exists costs a look-up, no write). Returns the changes of every
     * statement that inserted fewer rows than it had, which may then be merged (a merge of a record as
     * it was just inserted changes nothing).
     */
    private static List<RecordChange> insertUnlessThere(Connection connection, List<RecordChange> changes)
            throws SQLException {
        List<RecordChange> notAll = new ArrayList<>();
        if (changes.isEmpty()) {
            return notAll;
        }
        int[] counts = execute(
                connection, INSERT_MANY, INSERT_ONE, changes, false, " ON CONFLICT (application, job_id) DO NOTHING");
        int start = 0;
        for (int count : counts) {
            int rows = start < whole(changes) ? ROWS_PER_MERGE : 1;
            if (count != rows) {
                notAll.addAll(changes.subList(start, start + rows));
            }
            start += rows;
        }
        return notAll;
    }

    /**
     * H2: inserts the records; when one exists (another instance wrote a later change first), inserts
     * the others and returns the changes of those that exist.
     */
    private static List<RecordChange> insertOrFind(Connection connection, List<RecordChange> inserts)
            throws SQLException {
        if (inserts.isEmpty() || insert(connection, inserts)) {
            return List.of();
        }
        Set<List<String>> existing = existing(connection, inserts);
        List<RecordChange> there = new ArrayList<>();
        List<RecordChange> fresh = new ArrayList<>();
        for (RecordChange c : inserts) {
            (existing.contains(List.of(c.application(), c.jobId())) ? there : fresh).add(c);
        }
        if (!fresh.isEmpty() && !insert(connection, fresh)) {
            there.addAll(fresh);
        }
        return there;
    }

    /**
     * Inserts the records of jobs' first changes; false, having written none of them, when a record
     * exists already.
     */
    private static boolean insert(Connection connection, List<RecordChange> changes) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try {
            execute(connection, INSERT_MANY, INSERT_ONE, changes, false, "");
            connection.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!Database.isDuplicate(e)) {
                throw e;
            }
            connection.rollback(before);
            return false;
        }
    }

    /**
     * Which of these jobs have a record, as (application, job id): one look-up by key each. H2 answered
     * a row-value IN list of them by scanning a secondary index once the table was large.
     */
    private static Set<List<String>> existing(Connection connection, List<RecordChange> changes) throws SQLException {
        Set<List<String>> existing = new HashSet<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT 1 FROM roger_job WHERE application = ? AND job_id = ?")) {
            for (RecordChange c : changes) {
                statement.setString(1, c.application());
                statement.setString(2, c.jobId());
                try (ResultSet found = statement.executeQuery()) {
                    if (found.next()) {
                        existing.add(List.of(c.application(), c.jobId()));
                    }
                }
            }
        }
        return existing;
    }

    /** How many of the changes go in statements of {@value #ROWS_PER_MERGE}. */
    private static int whole(List<RecordChange> changes) {
        return changes.size() / ROWS_PER_MERGE * ROWS_PER_MERGE;
    }

    /**
     * Runs {@code many} per 50 changes and {@code one} for each left over, as one JDBC batch each, with
     * {@code suffix} after each; returns every statement's update count, in the order of the changes.
     */
    private static int[] execute(
            Connection connection, String many, String one, List<RecordChange> changes, boolean merge, String suffix)
            throws SQLException {
        int whole = whole(changes);
        int[] counts = new int[0];
        if (whole > 0) {
            try (PreparedStatement statement = connection.prepareStatement(many + suffix)) {
                for (int start = 0; start < whole; start += ROWS_PER_MERGE) {
                    int i = 1;
                    for (RecordChange c : changes.subList(start, start + ROWS_PER_MERGE)) {
                        i = bind(statement, i, c, merge);
                    }
                    statement.addBatch();
                }
                counts = statement.executeBatch();
            }
        }
        if (whole < changes.size()) {
            try (PreparedStatement statement = connection.prepareStatement(one + suffix)) {
                for (RecordChange c : changes.subList(whole, changes.size())) {
                    bind(statement, 1, c, merge);
                    statement.addBatch();
                }
                int[] more = statement.executeBatch();
                int[] all = java.util.Arrays.copyOf(counts, counts.length + more.length);
                System.arraycopy(more, 0, all, counts.length, more.length);
                counts = all;
            }
        }
        return counts;
    }

    /** Binds one change from parameter {@code i} on (a MERGE's with reopen); returns the next parameter's index. */
    private static int bind(PreparedStatement statement, int i, RecordChange c, boolean merge) throws SQLException {
        statement.setString(i++, c.application());
        statement.setString(i++, Columns.text(c.jobId()));
        statement.setString(i++, c.state());
        statement.setLong(i++, c.rank());
        if (merge) {
            statement.setBoolean(i++, c.reopen());
        }
        statement.setLong(i++, c.updatedAt());
        // in the order of FIELDS
        text(statement, i++, c.queue());
        text(statement, i++, c.type());
        number(statement, i++, c.enqueuedAt());
        number(statement, i++, c.dueAt());
        number(statement, i++, c.startedAt());
        number(statement, i++, c.finishedAt());
        integer(statement, i++, c.attempt());
        text(statement, i++, c.instance());
        text(statement, i++, c.lastError());
        text(statement, i++, c.errorStack());
        text(statement, i++, c.result());
        text(statement, i++, c.args());
        text(statement, i++, c.body());
        integer(statement, i++, c.progress());
        text(statement, i++, c.progressMessage());
        return i;
    }

    private static void text(PreparedStatement statement, int i, String value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.VARCHAR);
        } else {
            statement.setString(i, Columns.text(value));
        }
    }

    private static void number(PreparedStatement statement, int i, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.BIGINT);
        } else {
            statement.setLong(i, value);
        }
    }

    private static void integer(PreparedStatement statement, int i, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(i, Types.INTEGER);
        } else {
            statement.setInt(i, value);
        }
    }
}
