package dev.roger.state;

import dev.roger.api.JobRecord;
import dev.roger.records.RecordChange;
import dev.roger.records.RecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The RecordStore on the shared database, in SQL that H2 2.2 and PostgreSQL 15 both run. A job's first
 * change is inserted; every other change is a {@code MERGE}, whose two {@code WHEN MATCHED} arms are the
 * forward-only rule: a change of at least the stored rank moves the record (its fields win), any other
 * only fills what the record lacks. Both are batched, 50 rows to a statement.
 */
final class JdbcRecordStore implements RecordStore {

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

    /** Rows per MERGE: one statement plans and joins 50 changes (twice as fast per row on PostgreSQL as one each). */
    static final int ROWS_PER_MERGE = 50;

    private static final String MERGE_ONE = merge(1);
    private static final String MERGE_MANY = merge(ROWS_PER_MERGE);
    private static final String INSERT_ONE = insert(1);
    private static final String INSERT_MANY = insert(ROWS_PER_MERGE);

    /** The states whose records the clean-up deletes once {@code succeededBefore}, and once {@code failedBefore}. */
    private static final List<String> SUCCEEDED_ENDS = List.of("SUCCEEDED", "CANCELLED");

    private static final List<String> FAILED_ENDS = List.of("FAILED", "BURIED", "PARKED");

    private static final String COLUMNS = "job_id, application, queue_name, job_type, state, enqueued_at, due_at,"
            + " started_at, finished_at, attempt, instance, last_error, error_stack, result, args, progress,"
            + " progress_message, updated_at";

    private final Database db;

    JdbcRecordStore(Database db) {
        this.db = db;
    }

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

    @Override
    public void write(List<RecordChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            db.transaction("write job records", connection -> write(db, connection, changes));
        } catch (RuntimeException e) {
            // two instances inserted the same new record at once: the second try finds it and merges
            if (e.getCause() instanceof SQLException sql && Database.isDuplicate(sql)) {
                db.transaction("write job records", connection -> write(db, connection, changes));
                return;
            }
            throw e;
        }
    }

    /** The changes are of different jobs (the writer merges the changes of one job into one). */
    private static Void write(Database db, Connection connection, List<RecordChange> changes) throws SQLException {
        db.planEachStatement(connection);
        List<RecordChange> inserts = new ArrayList<>();
        List<RecordChange> merges = new ArrayList<>();
        for (RecordChange c : changes) {
            (c.first() && !c.reopen() ? inserts : merges).add(c);
        }
        if (!inserts.isEmpty() && !insert(connection, inserts)) {
            // some records exist (another instance wrote a later change first): those are merged
            Set<List<String>> existing = existing(connection, inserts);
            List<RecordChange> fresh = new ArrayList<>();
            for (RecordChange c : inserts) {
                (existing.contains(List.of(c.application(), c.jobId())) ? merges : fresh).add(c);
            }
            if (!fresh.isEmpty() && !insert(connection, fresh)) {
                merges.addAll(fresh);
            }
        }
        execute(connection, MERGE_MANY, MERGE_ONE, merges, true);
        return null;
    }

    /**
     * Inserts the records of jobs' first changes; false, having written none of them, when a record
     * exists already.
     */
    private static boolean insert(Connection connection, List<RecordChange> changes) throws SQLException {
        Savepoint before = connection.setSavepoint();
        try {
            execute(connection, INSERT_MANY, INSERT_ONE, changes, false);
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

    /** Which of these jobs have a record, as (application, job id). */
    private static Set<List<String>> existing(Connection connection, List<RecordChange> changes) throws SQLException {
        Set<List<String>> existing = new HashSet<>();
        for (int start = 0; start < changes.size(); start += ROWS_PER_MERGE) {
            List<RecordChange> some = changes.subList(start, Math.min(changes.size(), start + ROWS_PER_MERGE));
            List<Object> keys = new ArrayList<>();
            for (RecordChange c : some) {
                keys.add(c.application());
                keys.add(c.jobId());
            }
            existing.addAll(Database.query(
                    connection,
                    "SELECT application, job_id FROM roger_job WHERE (application, job_id) IN ("
                            + String.join(", ", java.util.Collections.nCopies(some.size(), "(?, ?)")) + ")",
                    r -> List.of(r.getString(1), r.getString(2)),
                    keys.toArray()));
        }
        return existing;
    }

    /** Runs {@code many} per 50 changes and {@code one} for each left over, as one JDBC batch each. */
    private static void execute(
            Connection connection, String many, String one, List<RecordChange> changes, boolean merge)
            throws SQLException {
        int whole = changes.size() / ROWS_PER_MERGE * ROWS_PER_MERGE;
        if (whole > 0) {
            try (PreparedStatement statement = connection.prepareStatement(many)) {
                for (int start = 0; start < whole; start += ROWS_PER_MERGE) {
                    int i = 1;
                    for (RecordChange c : changes.subList(start, start + ROWS_PER_MERGE)) {
                        i = bind(statement, i, c, merge);
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        if (whole < changes.size()) {
            try (PreparedStatement statement = connection.prepareStatement(one)) {
                for (RecordChange c : changes.subList(whole, changes.size())) {
                    bind(statement, 1, c, merge);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
    }

    /** Binds one change from parameter {@code i} on (a MERGE's with reopen); returns the next parameter's index. */
    private static int bind(PreparedStatement statement, int i, RecordChange c, boolean merge) throws SQLException {
        statement.setString(i++, c.application());
        statement.setString(i++, c.jobId());
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
            statement.setString(i, value);
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

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static JobRecord record(ResultSet r) throws SQLException {
        int attempt = r.getInt(10);
        int progress = r.getInt(16);
        boolean noProgress = r.wasNull();
        return new JobRecord(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5).toLowerCase(Locale.ROOT),
                instant(r, 6),
                instant(r, 7),
                instant(r, 8),
                instant(r, 9),
                attempt,
                r.getString(11),
                r.getString(12),
                r.getString(13),
                r.getString(14),
                r.getString(15),
                noProgress ? -1 : progress,
                r.getString(17),
                instant(r, 18));
    }

    @Override
    public Optional<JobRecord> find(String application, String jobId) {
        return db
                .query(
                        "find a job record",
                        "SELECT " + COLUMNS + " FROM roger_job WHERE application = ? AND job_id = ?",
                        JdbcRecordStore::record,
                        application,
                        jobId)
                .stream()
                .findFirst();
    }

    /** The WHERE clause for the filters given, and their parameters after the application. */
    private record Filter(String where, List<Object> parameters) {

        static Filter of(String application, String state, String queue, String type) {
            StringBuilder where = new StringBuilder(" WHERE application = ?");
            List<Object> parameters = new ArrayList<>(List.of(application));
            if (state != null) {
                where.append(" AND state = ?");
                parameters.add(state.toUpperCase(Locale.ROOT));
            }
            if (queue != null) {
                where.append(" AND queue_name = ?");
                parameters.add(queue);
            }
            if (type != null) {
                where.append(" AND job_type = ?");
                parameters.add(type);
            }
            return new Filter(where.toString(), parameters);
        }
    }

    @Override
    public List<JobRecord> list(String application, String state, String queue, String type, int offset, int limit) {
        Filter filter = Filter.of(application, state, queue, type);
        if (state != null) {
            List<Object> parameters = new ArrayList<>(filter.parameters());
            parameters.add(limit);
            parameters.add(offset);
            return db.query(
                    "list job records",
                    "SELECT " + COLUMNS + " FROM roger_job" + filter.where()
                            + " ORDER BY updated_at DESC, job_id LIMIT ? OFFSET ?",
                    JdbcRecordStore::record,
                    parameters.toArray());
        }
        // the latest of each state, merged here: the one index by time is per state (each index costs every
        // write); one UNION of the limited queries came back short on Payara's H2 (JobRecordsPageIT, second page)
        String perState = "SELECT " + COLUMNS + " FROM roger_job" + filter.where()
                + " AND state = ? ORDER BY updated_at DESC, job_id LIMIT ?";
        List<JobRecord> latest = db.autocommit("list job records", connection -> {
            List<JobRecord> all = new ArrayList<>();
            for (String each : JobRecord.STATES) {
                List<Object> parameters = new ArrayList<>(filter.parameters());
                parameters.add(each.toUpperCase(Locale.ROOT));
                parameters.add(offset + limit);
                all.addAll(Database.query(connection, perState, JdbcRecordStore::record, parameters.toArray()));
            }
            return all;
        });
        return latest.stream()
                .sorted(java.util.Comparator.comparing(JobRecord::updatedAt)
                        .reversed()
                        .thenComparing(JobRecord::id))
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public long count(String application, String state, String queue, String type) {
        Filter filter = Filter.of(application, state, queue, type);
        return db.query(
                        "count job records",
                        "SELECT COUNT(*) FROM roger_job" + filter.where(),
                        r -> r.getLong(1),
                        filter.parameters().toArray())
                .get(0);
    }

    @Override
    public Optional<String> failedBody(String application, String jobId) {
        return db
                .query(
                        "read a failed job's message",
                        "SELECT body FROM roger_job WHERE application = ? AND job_id = ? AND state = 'FAILED'"
                                + " AND body IS NOT NULL",
                        r -> r.getString(1),
                        application,
                        jobId)
                .stream()
                .findFirst();
    }

    @Override
    public int deleteEnded(long succeededBefore, long failedBefore, int limit) {
        return db.transaction("delete expired job records", connection -> {
            List<String[]> expired = new ArrayList<>();
            // application by application (read from the primary key), so each query has its index
            String application = nextApplication(connection, "");
            while (application != null && expired.size() < limit) {
                for (String state : SUCCEEDED_ENDS) {
                    expired.addAll(expired(connection, application, state, succeededBefore, limit - expired.size()));
                }
                for (String state : FAILED_ENDS) {
                    expired.addAll(expired(connection, application, state, failedBefore, limit - expired.size()));
                }
                application = nextApplication(connection, application);
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM roger_job WHERE application = ? AND job_id = ?")) {
                for (String[] key : expired) {
                    delete.setString(1, key[0]);
                    delete.setString(2, key[1]);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return expired.size();
        });
    }

    private static String nextApplication(Connection connection, String after) throws SQLException {
        List<String> next = Database.query(
                connection,
                "SELECT application FROM roger_job WHERE application > ? ORDER BY application LIMIT 1",
                r -> r.getString(1),
                after);
        return next.isEmpty() ? null : next.get(0);
    }

    private static List<String[]> expired(
            Connection connection, String application, String state, long before, int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        return Database.query(
                connection,
                "SELECT application, job_id FROM roger_job WHERE application = ? AND state = ? AND updated_at < ?"
                        + " ORDER BY updated_at LIMIT ?",
                r -> new String[] {r.getString(1), r.getString(2)},
                application,
                state,
                before,
                limit);
    }
}
