package dev.roger.state;

import dev.roger.worker.CancelStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The CancelStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcCancelStore implements CancelStore {

    private final Database db;
    private final Duration ttl;

    JdbcCancelStore(Database db, Duration ttl) {
        this.db = db;
        this.ttl = ttl;
    }

    @Override
    public void add(String application, String jobId) {
        db.insertUnique(
                "record a cancel",
                "INSERT INTO roger_cancel (application, job_id, handled, expires_at) VALUES (?, ?, FALSE, ?)",
                application,
                jobId,
                System.currentTimeMillis() + ttl.toMillis());
    }

    @Override
    public boolean claim(String application, String jobId) {
        return db.update(
                        "claim a cancel",
                        "UPDATE roger_cancel SET handled = TRUE WHERE application = ? AND job_id = ? AND handled = FALSE",
                        application,
                        jobId)
                == 1;
    }

    @Override
    public Set<String> pending() {
        List<String> keys = db.query(
                "read the cancels",
                "SELECT application, job_id FROM roger_cancel WHERE handled = FALSE AND expires_at > ?",
                row -> CancelStore.key(row.getString(1), row.getString(2)),
                System.currentTimeMillis());
        return new HashSet<>(keys);
    }

    @Override
    public int deleteExpired() {
        return db.update(
                "delete expired cancels", "DELETE FROM roger_cancel WHERE expires_at < ?", System.currentTimeMillis());
    }
}
