package dev.roger.state;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Cancelled job ids. A row lives until it expires so a cancel survives restarts and late deliveries. */
public final class CancelStore {

    private final Database db;
    private final Duration ttl;

    public CancelStore(Database db, Duration ttl) {
        this.db = db;
        this.ttl = ttl;
    }

    /** Records a cancel; cancelling twice, or an unknown or finished id, is harmless. */
    public void add(String application, String jobId) {
        db.insertUnique("record a cancel",
                "INSERT INTO roger_cancel (application, job_id, handled, expires_at) VALUES (?, ?, FALSE, ?)",
                application, jobId, System.currentTimeMillis() + ttl.toMillis());
    }

    /** True for exactly one caller per cancelled job: the one that fires the cancelled event. */
    public boolean claim(String application, String jobId) {
        return db.update("claim a cancel",
                "UPDATE roger_cancel SET handled = TRUE WHERE application = ? AND job_id = ? AND handled = FALSE",
                application, jobId) == 1;
    }

    /** "application/jobId" of every cancel not yet carried out, to fill the in-memory cache. */
    public Set<String> pending() {
        List<String> keys = db.query("read the cancels",
                "SELECT application, job_id FROM roger_cancel WHERE handled = FALSE AND expires_at > ?",
                row -> key(row.getString(1), row.getString(2)), System.currentTimeMillis());
        return new HashSet<>(keys);
    }

    public int deleteExpired() {
        return db.update("delete expired cancels", "DELETE FROM roger_cancel WHERE expires_at < ?", System.currentTimeMillis());
    }

    public static String key(String application, String jobId) {
        return application + "/" + jobId;
    }
}
