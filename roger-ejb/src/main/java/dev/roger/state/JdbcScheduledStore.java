package dev.roger.state;

import dev.roger.job.JobState;
import dev.roger.schedule.ScheduledRow;
import dev.roger.schedule.ScheduledStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The ScheduledStore on the shared database, in SQL that H2 2.2 and PostgreSQL both run: claims take
 * {@code FOR UPDATE SKIP LOCKED}, so two instances never publish the same due job, and the database's
 * {@code CURRENT_TIMESTAMP} is the one clock.
 */
final class JdbcScheduledStore implements ScheduledStore {

    /** The database's now in epoch milliseconds, the same expression on H2 and PostgreSQL. */
    static final String NOW = "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)";

    private static final String COLUMNS =
            "seq, application, queue_name, job_id, job_type, state, due_at, attempt, last_error, body, publish_failures";

    private final Database db;

    JdbcScheduledStore(Database db) {
        this.db = db;
    }

    private static ScheduledRow row(ResultSet row) throws SQLException {
        return new ScheduledRow(
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                JobState.fromStoredName(row.getString(6)),
                row.getLong(7),
                row.getInt(8),
                row.getString(9),
                row.getString(10),
                row.getInt(11));
    }

    @Override
    public long now() {
        return db.query("read the database's clock", "SELECT " + NOW, r -> r.getLong(1))
                .get(0);
    }

    @Override
    public long add(ScheduledRow row, long delayMillis) {
        boolean relative = row.dueAt() < 0;
        String due = relative ? NOW + " + ?" : "?";
        db.insertUnique(
                "schedule a job",
                "INSERT INTO roger_scheduled (application, queue_name, job_id, job_type, state, due_at, attempt,"
                        + " last_error, body) VALUES (?, ?, ?, ?, ?, " + due + ", ?, ?, ?)",
                row.application(),
                row.queue(),
                row.jobId(),
                row.type(),
                row.state().storedName(),
                relative ? delayMillis : row.dueAt(),
                row.attempt(),
                row.lastError(),
                row.body());
        return db
                .query(
                        "read a scheduled job's due time",
                        "SELECT due_at FROM roger_scheduled WHERE application = ? AND job_id = ? AND attempt = ?",
                        r -> r.getLong(1),
                        row.application(),
                        row.jobId(),
                        row.attempt())
                .stream()
                .findFirst()
                .orElse(row.dueAt());
    }

    @Override
    public int claimDue(int limit, int perApplication, Function<List<ScheduledRow>, Claimed> publish) {
        return db.transaction("claim due jobs", connection -> {
            // each application's first rows in due order, then the oldest of those (FOR UPDATE may not
            // take a window function itself)
            List<ScheduledRow> due = Database.query(
                    connection,
                    "SELECT " + COLUMNS + " FROM roger_scheduled WHERE seq IN (SELECT seq FROM (SELECT seq,"
                            + " ROW_NUMBER() OVER (PARTITION BY application ORDER BY due_at, seq) AS place"
                            + " FROM roger_scheduled WHERE due_at <= " + NOW + ") ranked WHERE place <= ?)"
                            + " ORDER BY due_at, seq LIMIT ? FOR UPDATE SKIP LOCKED",
                    JdbcScheduledStore::row,
                    perApplication,
                    limit);
            if (due.isEmpty()) {
                return 0;
            }
            Claimed claimed = publish.apply(due);
            for (Long seq : claimed.done()) {
                Database.update(connection, "DELETE FROM roger_scheduled WHERE seq = ?", seq);
            }
            for (Map.Entry<Long, Long> retry : claimed.retryInMillis().entrySet()) {
                Database.update(
                        connection,
                        "UPDATE roger_scheduled SET due_at = " + NOW
                                + " + ?, publish_failures = publish_failures + 1 WHERE seq = ?",
                        retry.getValue(),
                        retry.getKey());
            }
            return due.size();
        });
    }

    @Override
    public Next next() {
        return db.query("find the next due job", "SELECT MIN(due_at), " + NOW + " FROM roger_scheduled", r -> {
                    long dueAt = r.getLong(1);
                    OptionalLong next = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(dueAt);
                    return new Next(next, r.getLong(2));
                })
                .get(0);
    }

    @Override
    public Optional<ScheduledRow> remove(String application, String jobId, JobState kind) {
        return db.transaction("remove a scheduled job", connection -> {
            List<ScheduledRow> rows = Database.query(
                    connection,
                    "SELECT " + COLUMNS + " FROM roger_scheduled WHERE application = ? AND job_id = ?"
                            + (kind == null ? "" : " AND state = ?") + " ORDER BY attempt FOR UPDATE",
                    JdbcScheduledStore::row,
                    kind == null
                            ? new Object[] {application, jobId}
                            : new Object[] {application, jobId, kind.storedName()});
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Database.update(
                    connection,
                    "DELETE FROM roger_scheduled WHERE seq = ?",
                    rows.get(0).seq());
            return Optional.of(rows.get(0));
        });
    }

    @Override
    public boolean move(String application, String jobId, JobState kind, long dueAt) {
        String due = dueAt < 0 ? NOW : "?";
        List<Object> parameters = new java.util.ArrayList<>();
        if (dueAt >= 0) {
            parameters.add(dueAt);
        }
        parameters.add(application);
        parameters.add(jobId);
        if (kind != null) {
            parameters.add(kind.storedName());
        }
        return db.update(
                        "move a scheduled job",
                        "UPDATE roger_scheduled SET due_at = " + due + " WHERE application = ? AND job_id = ?"
                                + (kind == null ? "" : " AND state = ?"),
                        parameters.toArray())
                > 0;
    }

    @Override
    public int dueNow(String application, JobState state) {
        return db.update(
                "make waiting jobs due now",
                "UPDATE roger_scheduled SET due_at = " + NOW + " WHERE application = ? AND state = ? AND due_at > "
                        + NOW,
                application,
                state.storedName());
    }

    @Override
    public List<ScheduledRow> list(String application, JobState state, int offset, int limit) {
        return db.query(
                "list waiting jobs",
                "SELECT " + COLUMNS + " FROM roger_scheduled WHERE application = ? AND state = ?"
                        + " ORDER BY due_at, seq LIMIT ? OFFSET ?",
                JdbcScheduledStore::row,
                application,
                state.storedName(),
                limit,
                offset);
    }

    @Override
    public long count(String application, JobState state) {
        return db.query(
                        "count waiting jobs",
                        "SELECT COUNT(*) FROM roger_scheduled WHERE application = ? AND state = ?",
                        r -> r.getLong(1),
                        application,
                        state.storedName())
                .get(0);
    }

    @Override
    public Optional<ScheduledRow> find(String application, String jobId) {
        return db
                .query(
                        "find a scheduled job",
                        "SELECT " + COLUMNS + " FROM roger_scheduled WHERE application = ? AND job_id = ?",
                        JdbcScheduledStore::row,
                        application,
                        jobId)
                .stream()
                .findFirst();
    }
}
