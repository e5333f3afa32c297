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
        if (!add("count a redelivery", application, jobId, 1)) {
            return 1;
        }
        return db
                .query(
                        "read a redelivery count",
                        "SELECT redeliveries FROM roger_delivery WHERE application = ? AND job_id = ?",
                        r -> r.getInt(1),
                        application,
                        jobId)
                .stream()
                .findFirst()
                .orElse(1);
    }

    /**
     * Adds {@code delta} to the job's count, or starts it at {@code delta} when it has none; true when
     * it had one. Two instances may race to start it: the loser adds to the winner's row.
     */
    private boolean add(String operation, String application, String jobId, int delta) {
        long now = System.currentTimeMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (db.update(
                            operation,
                            "UPDATE roger_delivery SET redeliveries = redeliveries + ?, updated_at = ?"
                                    + " WHERE application = ? AND job_id = ?",
                            delta,
                            now,
                            application,
                            jobId)
                    == 1) {
                return true;
            }
            if (db.insertUnique(
                    operation,
                    "INSERT INTO roger_delivery (application, job_id, redeliveries, updated_at) VALUES (?, ?, ?, ?)",
                    application,
                    jobId,
                    delta,
                    now)) {
                return false;
            }
        }
        throw new IllegalStateException(
                "the redelivery count of job " + jobId + " changed under three attempts to " + operation);
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
        add("take back a redelivery", application, Columns.fit(messageId, JOB_ID_WIDTH), -1);
    }

    @Override
    public int forgetOlderThan(long before) {
        return db.update("forget old redelivery counts", "DELETE FROM roger_delivery WHERE updated_at < ?", before);
    }
}
