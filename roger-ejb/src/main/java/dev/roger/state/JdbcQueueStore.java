package dev.roger.state;

import dev.roger.application.QueueStore;
import java.util.Set;
import java.util.TreeSet;

/** The QueueStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcQueueStore implements QueueStore {

    private final Database db;

    JdbcQueueStore(Database db) {
        this.db = db;
    }

    @Override
    public void declared(String application, String queue) {
        // a no-op when known, so a restart does not fill the database's log with duplicate-key errors
        db.insertUnique(
                "remember a queue",
                "INSERT INTO roger_queue (application, queue_name, declared_at) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM roger_queue WHERE application = ? AND queue_name = ?)",
                application,
                queue,
                System.currentTimeMillis(),
                application,
                queue);
    }

    @Override
    public Set<String> of(String application) {
        return new TreeSet<>(db.query(
                "read an application's queues",
                "SELECT queue_name FROM roger_queue WHERE application = ?",
                row -> row.getString(1),
                application));
    }
}
