package dev.roger.state;

import java.util.List;
import java.util.function.Consumer;

/**
 * Messages that could not run (not a job, an unknown type, unreadable args, a job whose worker kept
 * dying), kept whole in the shared database with the reason until an operator retries or deletes them.
 */
public final class ParkedStore {

    private static final String COLUMNS = "seq, parked_id, application, queue_name, message_id, reason, parked_at, body";
    private static final String ONE = "application = ? AND parked_id = ?";

    private final Database db;

    public ParkedStore(Database db) {
        this.db = db;
    }

    /** Stores the message; the same parked id twice (a drain repeated after a crash) is stored once. */
    public void park(ParkedRow row) {
        db.insertUnique("park a message", "INSERT INTO roger_parked (parked_id, application, queue_name, message_id, reason,"
                + " parked_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)", row.parkedId(), row.application(), row.queue(),
                row.messageId(), row.reason(), row.parkedAt(), row.body());
    }

    /** Oldest first. */
    public List<ParkedRow> list(String application, int limit) {
        return list(application, 0, limit);
    }

    /** Oldest first, from the one after {@code afterSeq} (0 for the start). */
    public List<ParkedRow> list(String application, long afterSeq, int limit) {
        return db.query("list parked messages", "SELECT " + COLUMNS + " FROM roger_parked WHERE application = ? AND seq > ?"
                + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY", ParkedStore::row, application, afterSeq);
    }

    /** Like {@link BuriedStore#take}: the row goes only when the work (publishing it again) succeeded. */
    public boolean take(String application, String parkedId, Consumer<ParkedRow> work) {
        return db.take("take a parked message", "SELECT " + COLUMNS + " FROM roger_parked WHERE " + ONE + " FOR UPDATE",
                "DELETE FROM roger_parked WHERE " + ONE, ParkedStore::row, work, application, parkedId);
    }

    public boolean delete(String application, String parkedId) {
        return db.update("delete a parked message", "DELETE FROM roger_parked WHERE " + ONE, application, parkedId) > 0;
    }

    private static ParkedRow row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new ParkedRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getLong(7), r.getBytes(8));
    }
}
