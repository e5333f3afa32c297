package dev.roger.state;

import java.util.HashSet;
import java.util.Set;

/** Paused queues, cluster-wide; an instance that starts later reads them before it consumes. */
public final class PauseStore {

    private final Database db;

    public PauseStore(Database db) {
        this.db = db;
    }

    public void pause(String application, String queue) {
        db.insertUnique("pause a queue", "INSERT INTO roger_paused (application, queue_name, paused_at) VALUES (?, ?, ?)",
                application, queue, System.currentTimeMillis());
    }

    public void resume(String application, String queue) {
        db.update("resume a queue", "DELETE FROM roger_paused WHERE application = ? AND queue_name = ?", application, queue);
    }

    public Set<QueueRef> paused() {
        return new HashSet<>(db.query("read the paused queues", "SELECT application, queue_name FROM roger_paused",
                row -> new QueueRef(row.getString(1), row.getString(2))));
    }
}
