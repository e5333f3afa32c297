package dev.roger.state;

import dev.roger.application.QueueRef;
import dev.roger.cluster.PauseStore;
import java.util.HashSet;
import java.util.Set;

/** The PauseStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcPauseStore implements PauseStore {

    private final Database db;

    JdbcPauseStore(Database db) {
        this.db = db;
    }

    @Override
    public void pause(String application, String queue) {
        db.insertUnique(
                "pause a queue",
                "INSERT INTO roger_paused (application, queue_name, paused_at) VALUES (?, ?, ?)",
                application,
                queue,
                System.currentTimeMillis());
    }

    @Override
    public void resume(String application, String queue) {
        db.update(
                "resume a queue",
                "DELETE FROM roger_paused WHERE application = ? AND queue_name = ?",
                application,
                queue);
    }

    @Override
    public Set<QueueRef> paused() {
        return new HashSet<>(db.query(
                "read the paused queues",
                "SELECT application, queue_name FROM roger_paused",
                row -> new QueueRef(row.getString(1), row.getString(2))));
    }
}
