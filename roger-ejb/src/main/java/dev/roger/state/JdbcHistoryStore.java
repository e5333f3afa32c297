package dev.roger.state;

import dev.roger.history.HistoryRow;
import dev.roger.history.HistoryStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The HistoryStore on the shared database: an additive {@code MERGE} per row, in SQL that H2 2.2 and
 * PostgreSQL 15 both run. Rows are written in key order, so two instances adding to the same rows
 * lock them in the same order and cannot deadlock each other.
 */
final class JdbcHistoryStore implements HistoryStore {

    static final String MINUTES = "roger_history_minute";
    static final String HOURS = "roger_history_hour";

    private static final Comparator<HistoryRow> KEY_ORDER = Comparator.comparing(HistoryRow::application)
            .thenComparingLong(HistoryRow::at)
            .thenComparing(HistoryRow::queue)
            .thenComparing(HistoryRow::type);

    private final Database db;

    JdbcHistoryStore(Database db) {
        this.db = db;
    }

    private static String merge(String table) {
        return "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(100)), CAST(? AS BIGINT),"
                + " CAST(? AS VARCHAR(100)), CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS BIGINT), CAST(? AS BIGINT)))"
                + " AS s (application, period_at, queue_name, job_type, processed, failed, retried, buried)"
                + " ON t.application = s.application AND t.period_at = s.period_at"
                + " AND t.queue_name = s.queue_name AND t.job_type = s.job_type"
                + " WHEN MATCHED THEN UPDATE SET processed = t.processed + s.processed,"
                + " failed = t.failed + s.failed, retried = t.retried + s.retried, buried = t.buried + s.buried"
                + " WHEN NOT MATCHED THEN INSERT (application, period_at, queue_name, job_type, processed, failed,"
                + " retried, buried) VALUES (s.application, s.period_at, s.queue_name, s.job_type, s.processed,"
                + " s.failed, s.retried, s.buried)";
    }

    @Override
    public void add(List<HistoryRow> minutes, List<HistoryRow> hours) {
        if (minutes.isEmpty() && hours.isEmpty()) {
            return;
        }
        try {
            db.transaction("add to the job history", connection -> add(connection, minutes, hours));
        } catch (RuntimeException e) {
            // two instances inserted the same new row at once: the first try rolled back, the second merges
            if (e.getCause() instanceof SQLException sql && Database.isDuplicate(sql)) {
                db.transaction("add to the job history", connection -> add(connection, minutes, hours));
                return;
            }
            throw e;
        }
    }

    private Void add(Connection connection, List<HistoryRow> minutes, List<HistoryRow> hours) throws SQLException {
        db.planEachStatement(connection);
        add(connection, MINUTES, minutes);
        add(connection, HOURS, hours);
        return null;
    }

    private static void add(Connection connection, String table, List<HistoryRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<HistoryRow> sorted = new ArrayList<>(rows);
        sorted.sort(KEY_ORDER);
        try (PreparedStatement merge = connection.prepareStatement(merge(table))) {
            for (HistoryRow row : sorted) {
                merge.setString(1, row.application());
                merge.setLong(2, row.at());
                merge.setString(3, row.queue());
                merge.setString(4, row.type());
                merge.setLong(5, row.processed());
                merge.setLong(6, row.failed());
                merge.setLong(7, row.retried());
                merge.setLong(8, row.buried());
                merge.addBatch();
            }
            merge.executeBatch();
        }
    }

    @Override
    public List<HistoryRow> read(String application, String queue, long from, boolean hourly) {
        String table = hourly ? HOURS : MINUTES;
        String sums = "SUM(processed), SUM(failed), SUM(retried), SUM(buried)";
        if (queue == null) {
            return db.query(
                    "read the job history",
                    "SELECT period_at, " + sums + " FROM " + table
                            + " WHERE application = ? AND period_at >= ? GROUP BY period_at ORDER BY period_at",
                    r -> new HistoryRow(
                            application,
                            null,
                            null,
                            r.getLong(1),
                            r.getLong(2),
                            r.getLong(3),
                            r.getLong(4),
                            r.getLong(5)),
                    application,
                    from);
        }
        return db.query(
                "read the job history",
                "SELECT period_at, " + sums + " FROM " + table
                        + " WHERE application = ? AND period_at >= ? AND queue_name = ?"
                        + " GROUP BY period_at ORDER BY period_at",
                r -> new HistoryRow(
                        application, queue, null, r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5)),
                application,
                from,
                queue);
    }

    @Override
    public int deleteBefore(boolean hourly, long before, int limit) {
        String table = hourly ? HOURS : MINUTES;
        return db.transaction("delete expired job history", connection -> {
            List<Object[]> expired = Database.query(
                    connection,
                    "SELECT application, period_at, queue_name, job_type FROM " + table
                            + " WHERE period_at < ? ORDER BY period_at LIMIT ?",
                    r -> new Object[] {r.getString(1), r.getLong(2), r.getString(3), r.getString(4)},
                    before,
                    limit);
            if (expired.isEmpty()) {
                return 0;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE application = ? AND period_at = ? AND queue_name = ? AND job_type = ?")) {
                for (Object[] key : expired) {
                    for (int i = 0; i < key.length; i++) {
                        delete.setObject(i + 1, key[i]);
                    }
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return expired.size();
        });
    }
}
