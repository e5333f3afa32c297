package dev.roger.state;

import dev.roger.buried.BuriedRow;
import dev.roger.buried.BuriedStore;
import java.util.List;
import java.util.function.Consumer;

/** The BuriedStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcBuriedStore implements BuriedStore {

    private static final String COLUMNS =
            "seq, application, queue_name, job_id, job_type, retry_count, error, buried_at, body";
    private static final String ONE = "application = ? AND queue_name = ? AND job_id = ?";

    private final Database db;

    JdbcBuriedStore(Database db) {
        this.db = db;
    }

    @Override
    public void bury(BuriedRow row) {
        db.insertUnique(
                "bury a job",
                "INSERT INTO roger_buried (application, queue_name, job_id, job_type, retry_count,"
                        + " error, buried_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row.application(),
                row.queue(),
                row.jobId(),
                row.type(),
                row.retryCount(),
                row.error(),
                row.buriedAt(),
                row.body());
    }

    @Override
    public List<BuriedRow> list(String application, String queue, long afterSeq, int limit) {
        return db.query(
                "list buried jobs",
                "SELECT " + COLUMNS + " FROM roger_buried WHERE application = ? AND queue_name = ?"
                        + " AND seq > ? ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY",
                JdbcBuriedStore::row,
                application,
                queue,
                afterSeq);
    }

    @Override
    public boolean take(String application, String queue, String jobId, Consumer<BuriedRow> work) {
        return db.take(
                "take a buried job",
                "SELECT " + COLUMNS + " FROM roger_buried WHERE " + ONE + " FOR UPDATE",
                "DELETE FROM roger_buried WHERE " + ONE,
                JdbcBuriedStore::row,
                work,
                application,
                queue,
                jobId);
    }

    @Override
    public boolean delete(String application, String queue, String jobId) {
        return db.update("delete a buried job", "DELETE FROM roger_buried WHERE " + ONE, application, queue, jobId) > 0;
    }

    private static BuriedRow row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new BuriedRow(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getInt(6),
                r.getString(7),
                r.getLong(8),
                r.getString(9));
    }

    @Override
    public long count(String application) {
        return db.query(
                        "count buried jobs",
                        "SELECT COUNT(*) FROM roger_buried WHERE application = ?",
                        r -> r.getLong(1),
                        application)
                .get(0);
    }
}
