package dev.roger.state;

/**
 * How often a job was handed to a worker again without an outcome (its worker died, its instance
 * stopped): Roger's own bound on poison jobs, counted only for redeliveries, so a job that runs
 * normally costs nothing here, and a peek, which no worker sees, adds nothing.
 */
public final class DeliveryStore {

    private final Database db;

    public DeliveryStore(Database db) {
        this.db = db;
    }

    /** Counts one more redelivery of the job; returns how many it has had. */
    public int redelivered(String application, String jobId) {
        long now = System.currentTimeMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (db.update("count a redelivery", "UPDATE roger_delivery SET redeliveries = redeliveries + 1, updated_at = ?"
                    + " WHERE application = ? AND job_id = ?", now, application, jobId) == 1) {
                return db.query("read a redelivery count", "SELECT redeliveries FROM roger_delivery WHERE application = ?"
                        + " AND job_id = ?", r -> r.getInt(1), application, jobId).stream().findFirst().orElse(1);
            }
            if (db.insertUnique("count a first redelivery", "INSERT INTO roger_delivery (application, job_id, redeliveries,"
                    + " updated_at) VALUES (?, ?, 1, ?)", application, jobId, now)) {
                return 1;
            }
        }
        throw new IllegalStateException("the redelivery count of job " + jobId + " changed under three attempts to raise it");
    }

    /** The job reached an outcome: its count is no longer needed. */
    public void forget(String application, String jobId) {
        db.update("forget a redelivery count", "DELETE FROM roger_delivery WHERE application = ? AND job_id = ?",
                application, jobId);
    }

    /** Counts of jobs that were purged or otherwise never came back. */
    public int forgetOlderThan(long before) {
        return db.update("forget old redelivery counts", "DELETE FROM roger_delivery WHERE updated_at < ?", before);
    }
}
