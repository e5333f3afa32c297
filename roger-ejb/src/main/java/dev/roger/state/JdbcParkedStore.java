package dev.roger.state;

import dev.roger.buried.ParkedRow;
import dev.roger.buried.ParkedStore;
import java.util.List;
import java.util.function.Consumer;

/** The ParkedStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcParkedStore implements ParkedStore {

    /** roger_parked.message_id: a message id a publisher chose may be longer, and is fitted. */
    static final int MESSAGE_ID_WIDTH = 200;

    private static final String COLUMNS =
            "seq, parked_id, application, queue_name, message_id, reason, parked_at, body";
    private static final String ONE = "application = ? AND parked_id = ?";

    private final Database db;

    JdbcParkedStore(Database db) {
        this.db = db;
    }

    @Override
    public void park(ParkedRow row) {
        db.insertUnique(
                "park a message",
                "INSERT INTO roger_parked (parked_id, application, queue_name, message_id, reason,"
                        + " parked_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                row.parkedId(),
                row.application(),
                row.queue(),
                Columns.fit(row.messageId(), MESSAGE_ID_WIDTH),
                row.reason(),
                row.parkedAt(),
                row.body());
    }

    @Override
    public List<ParkedRow> list(String application, long afterSeq, int limit) {
        return db.query(
                "list parked messages",
                "SELECT " + COLUMNS + " FROM roger_parked WHERE application = ? AND seq > ?"
                        + " ORDER BY seq FETCH FIRST " + limit + " ROWS ONLY",
                JdbcParkedStore::row,
                application,
                afterSeq);
    }

    @Override
    public boolean take(String application, String parkedId, Consumer<ParkedRow> work) {
        return db.take(
                "take a parked message",
                "SELECT " + COLUMNS + " FROM roger_parked WHERE " + ONE + " FOR UPDATE",
                "DELETE FROM roger_parked WHERE " + ONE,
                JdbcParkedStore::row,
                work,
                application,
                parkedId);
    }

    @Override
    public boolean delete(String application, String parkedId) {
        return db.update("delete a parked message", "DELETE FROM roger_parked WHERE " + ONE, application, parkedId) > 0;
    }

    private static ParkedRow row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new ParkedRow(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getLong(7),
                r.getBytes(8));
    }

    @Override
    public long count(String application) {
        return db.query(
                        "count parked messages",
                        "SELECT COUNT(*) FROM roger_parked WHERE application = ?",
                        r -> r.getLong(1),
                        application)
                .get(0);
    }
}
