package dev.roger.state;

import dev.roger.worker.DeliveryStore;

/** The DeliveryStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcDeliveryStore implements DeliveryStore {

    private final Database db;

    JdbcDeliveryStore(Database db) {
        this.db = db;
    }

    /** roger_delivery.job_id: a redelivered message's id, which a publisher chose, is fitted to it. */
    static final int JOB_ID_WIDTH = 200;

    @Override
    public int redelivered(String application, String messageId) {
        String jobId = Columns.fit(messageId, JOB_ID_WIDTH);
        long now = System.currentTimeMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (db.update(
                            "count a redelivery",
                            "UPDATE roger_delivery SET redeliveries = redeliveries + 1, updated_at = ?"
                                    + " WHERE application = ? AND job_id = ?",
                            now,
                            application,
                            jobId)
                    == 1) {
                return db
                        .query(
                                "read a redelivery count",
                                "SELECT redeliveries FROM roger_delivery WHERE application = ?" + " AND job_id = ?",
                                r -> r.getInt(1),
                                application,
                                jobId)
                        .stream()
                        .findFirst()
                        .orElse(1);
            }
            if (db.insertUnique(
                    "count a first redelivery",
                    "INSERT INTO roger_delivery (application, job_id, redeliveries,"
                            + " updated_at) VALUES (?, ?, 1, ?)",
                    application,
                    jobId,
                    now)) {
                return 1;
            }
        }
        throw new IllegalStateException(
                "the redelivery count of job " + jobId + " changed under three attempts to raise it");
    }

    @Override
    public void forget(String application, String messageId) {
        db.update(
                "forget a redelivery count",
                "DELETE FROM roger_delivery WHERE application = ? AND job_id = ?",
                application,
                Columns.fit(messageId, JOB_ID_WIDTH));
    }

    @Override
    public void returnedByRoger(String application, String messageId) {
        String jobId = Columns.fit(messageId, JOB_ID_WIDTH);
        long now = System.currentTimeMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (db.update(
                            "take back a redelivery",
                            "UPDATE roger_delivery SET redeliveries = redeliveries - 1, updated_at = ?"
                                    + " WHERE application = ? AND job_id = ?",
                            now,
                            application,
                            jobId)
                    == 1) {
                return;
            }
            if (db.insertUnique(
                    "take back a first redelivery",
                    "INSERT INTO roger_delivery (application, job_id, redeliveries, updated_at) VALUES (?, ?, -1, ?)",
                    application,
                    jobId,
                    now)) {
                return;
            }
        }
    }

    @Override
    public int forgetOlderThan(long before) {
        return db.update("forget old redelivery counts", "DELETE FROM roger_delivery WHERE updated_at < ?", before);
    }
}
