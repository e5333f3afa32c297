package dev.roger.state;

import dev.roger.keys.DetachedStore;
import dev.roger.keys.HeldJob;
import java.util.List;

/** The DetachedStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcDetachedStore implements DetachedStore {

    private final Database db;

    JdbcDetachedStore(Database db) {
        this.db = db;
    }

    @Override
    public void detach(String application, String queue, String jobId, String instance, String body) {
        db.insertUnique(
                "detach a long job",
                "INSERT INTO roger_detached (application, job_id, queue_name, instance, body,"
                        + " detached_at) VALUES (?, ?, ?, ?, ?, ?)",
                application,
                jobId,
                queue,
                instance,
                body,
                System.currentTimeMillis());
    }

    @Override
    public void finished(String application, String jobId) {
        db.update(
                "finish a long job",
                "DELETE FROM roger_detached WHERE application = ? AND job_id = ?",
                application,
                jobId);
    }

    @Override
    public List<HeldJob> claimOrphans(long deadBefore, String claimer) {
        List<String[]> orphans = db.query(
                "find orphaned long jobs",
                "SELECT application, job_id, instance FROM roger_detached"
                        + " WHERE instance NOT IN (SELECT name FROM roger_instance WHERE heartbeat_at >= ?)",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3)},
                deadBefore);
        List<HeldJob> claimed = new java.util.ArrayList<>();
        for (String[] orphan : orphans) {
            if (db.update(
                            "claim an orphaned long job",
                            "UPDATE roger_detached SET instance = ? WHERE application = ?"
                                    + " AND job_id = ? AND instance = ?",
                            claimer,
                            orphan[0],
                            orphan[1],
                            orphan[2])
                    == 1) {
                claimed.addAll(db.query(
                        "read an orphaned long job",
                        "SELECT application, queue_name, job_id, body"
                                + " FROM roger_detached WHERE application = ? AND job_id = ?",
                        row -> new HeldJob(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                        orphan[0],
                        orphan[1]));
            }
        }
        return claimed;
    }

    @Override
    public List<HeldJob> ownedBy(String instance) {
        return db.query(
                "read this instance's long jobs",
                "SELECT application, queue_name, job_id, body FROM roger_detached" + " WHERE instance = ?",
                row -> new HeldJob(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                instance);
    }
}
