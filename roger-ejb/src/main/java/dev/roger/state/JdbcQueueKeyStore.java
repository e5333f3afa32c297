package dev.roger.state;

import dev.roger.job.JobState;
import dev.roger.keys.QueueKeyStore;

/** The QueueKeyStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcQueueKeyStore implements QueueKeyStore {

    private final Database db;

    JdbcQueueKeyStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean reserve(String application, String queue, String key, String jobId, String instance) {
        return db.insertUnique(
                "reserve a queue key",
                "INSERT INTO roger_queue_key (application, queue_key, queue_name, job_id, state, instance, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                application,
                key,
                queue,
                jobId,
                JobState.RESERVED.storedName(),
                instance,
                System.currentTimeMillis());
    }

    @Override
    public void confirm(String application, String key, String jobId) {
        db.update(
                "confirm a queue key",
                "UPDATE roger_queue_key SET state = ? WHERE application = ? AND queue_key = ?"
                        + " AND job_id = ? AND state = ?",
                JobState.QUEUED.storedName(),
                application,
                key,
                jobId,
                JobState.RESERVED.storedName());
    }

    @Override
    public void release(String application, String key, String jobId) {
        db.update(
                "release a queue key",
                "DELETE FROM roger_queue_key WHERE application = ? AND queue_key = ? AND job_id = ?",
                application,
                key,
                jobId);
    }

    @Override
    public int recover(long deadBefore) {
        // started_at and created_at are both written from the reserving instance's own clock
        return db.update(
                "recover queue keys",
                "DELETE FROM roger_queue_key WHERE state = ? AND created_at < ? AND NOT EXISTS (SELECT 1 FROM"
                        + " roger_instance WHERE roger_instance.name = roger_queue_key.instance"
                        + " AND roger_instance.heartbeat_at >= ? AND roger_instance.started_at <= roger_queue_key.created_at)",
                JobState.RESERVED.storedName(),
                System.currentTimeMillis() - 5_000,
                deadBefore);
    }
}
