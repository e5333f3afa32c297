package dev.roger.state;

/**
 * Queue keys: while a job with a key is queued (or running, or waiting to retry) no other job of the
 * application may take the same key. The primary key makes the check and the reservation one atomic
 * insert. A reservation whose publish never completed (the instance died in between) is recovered.
 */
public final class QueueKeyStore {

    private final Database db;

    public QueueKeyStore(Database db) {
        this.db = db;
    }

    /** False when the key is taken. */
    public boolean reserve(String application, String queue, String key, String jobId, String instance) {
        return db.insertUnique("reserve a queue key",
                "INSERT INTO roger_queue_key (application, queue_key, queue_name, job_id, state, instance, created_at)"
                        + " VALUES (?, ?, ?, ?, 'reserved', ?, ?)",
                application, key, queue, jobId, instance, System.currentTimeMillis());
    }

    /** The job's message is with the broker: the key stays until the job leaves for good. */
    public void confirm(String application, String key, String jobId) {
        db.update("confirm a queue key", "UPDATE roger_queue_key SET state = 'queued' WHERE application = ? AND queue_key = ? AND job_id = ?",
                application, key, jobId);
    }

    /** Releases the key if this job still holds it. */
    public void release(String application, String key, String jobId) {
        db.update("release a queue key", "DELETE FROM roger_queue_key WHERE application = ? AND queue_key = ? AND job_id = ?",
                application, key, jobId);
    }

    public int releaseQueue(String application, String queue) {
        return db.update("release the keys of a purged queue",
                "DELETE FROM roger_queue_key WHERE application = ? AND queue_name = ?", application, queue);
    }

    /** Reservations never confirmed by an instance that is gone (or older than the limit) are released. */
    public int recover(long deadBefore, long reservedBefore) {
        return db.update("recover queue keys",
                "DELETE FROM roger_queue_key WHERE state = 'reserved' AND (created_at < ? OR (created_at < ? AND instance NOT IN"
                        + " (SELECT name FROM roger_instance WHERE heartbeat_at >= ?)))",
                reservedBefore, System.currentTimeMillis() - 5_000, deadBefore);
    }
}
