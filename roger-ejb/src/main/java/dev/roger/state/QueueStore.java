package dev.roger.state;

import java.util.Set;
import java.util.TreeSet;

/**
 * Every queue some instance has ever consumed, per application: what the cluster knows, so an
 * instance that only produces for an application can still check an enqueue's queue.
 */
public final class QueueStore {

    private final Database db;

    public QueueStore(Database db) {
        this.db = db;
    }

    public void declared(String application, String queue) {
        // a no-op when known, so a restart does not fill the database's log with duplicate-key errors
        db.insertUnique("remember a queue", "INSERT INTO roger_queue (application, queue_name, declared_at) SELECT ?, ?, ?"
                + " WHERE NOT EXISTS (SELECT 1 FROM roger_queue WHERE application = ? AND queue_name = ?)",
                application, queue, System.currentTimeMillis(), application, queue);
    }

    /** The application's queues; empty when no instance of the cluster ever started it. */
    public Set<String> of(String application) {
        return new TreeSet<>(db.query("read an application's queues", "SELECT queue_name FROM roger_queue WHERE application = ?",
                row -> row.getString(1), application));
    }
}
