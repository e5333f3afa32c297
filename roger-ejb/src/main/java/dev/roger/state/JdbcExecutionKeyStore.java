package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ExecutionKeyStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcExecutionKeyStore implements ExecutionKeyStore {

    private static final String HEAD = "SELECT seq, job_id, state, instance FROM roger_execution_job"
            + " WHERE application = ? AND execution_key = ? ORDER BY seq";

    private final Database db;

    JdbcExecutionKeyStore(Database db) {
        this.db = db;
    }

    private record Row(long seq, String jobId, String state, String instance) {
    }

    @Override
    public void register(String application, String queue, String key, String jobId, String instance) {
        ensureKey(application, key);
        db.update("register an execution key job",
                "INSERT INTO roger_execution_job (application, execution_key, queue_name, job_id, state, instance, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'enqueuing', ?, ?)",
                application, key, queue, jobId, instance, System.currentTimeMillis());
    }

    @Override
    public void confirm(String application, String jobId) {
        db.update("confirm an execution key job", "UPDATE roger_execution_job SET state = 'queued', updated_at = ?"
                + " WHERE application = ? AND job_id = ? AND state = 'enqueuing'", System.currentTimeMillis(), application, jobId);
    }

    @Override
    public Optional<ParkedJob> unregister(String application, String key, String jobId) {
        return finish(application, key, jobId);
    }

    @Override
    public ExecutionDecision tryStart(String application, String queue, String key, String jobId, String instance,
                                      String body, long aliveSince) {
        ensureKey(application, key);
        return db.transaction("decide an execution key job", connection -> {
            lockKey(connection, application, key);
            List<Row> rows = Database.query(connection, HEAD, JdbcExecutionKeyStore::row, application, key);
            Row mine = rows.stream().filter(r -> r.jobId.equals(jobId)).findFirst().orElse(null);
            long now = System.currentTimeMillis();
            if (mine == null) {
                Database.update(connection, "INSERT INTO roger_execution_job (application, execution_key, queue_name, job_id,"
                        + " state, instance, updated_at) VALUES (?, ?, ?, ?, 'queued', NULL, ?)", application, key, queue, jobId, now);
                rows = Database.query(connection, HEAD, JdbcExecutionKeyStore::row, application, key);
                mine = rows.stream().filter(r -> r.jobId.equals(jobId)).findFirst().orElseThrow();
            }
            if (!rows.get(0).jobId.equals(jobId)) {
                Database.update(connection, "UPDATE roger_execution_job SET state = 'parked', body = ?, queue_name = ?,"
                        + " instance = NULL, updated_at = ? WHERE seq = ?", body, queue, now, mine.seq);
                return ExecutionDecision.PARKED;
            }
            // the caller holds the job's claim on this instance, so a row saying it runs here is stale
            if ("running".equals(mine.state) && mine.instance != null
                    && !mine.instance.equals(instance) && isAlive(connection, mine.instance, aliveSince)) {
                return ExecutionDecision.BUSY;
            }
            Database.update(connection, "UPDATE roger_execution_job SET state = 'running', instance = ?, updated_at = ?"
                    + " WHERE seq = ?", instance, now, mine.seq);
            return ExecutionDecision.RUN;
        });
    }

    @Override
    public void requeued(String application, String jobId) {
        db.update("requeue an execution key job", "UPDATE roger_execution_job SET state = 'queued', instance = NULL,"
                + " updated_at = ? WHERE application = ? AND job_id = ?", System.currentTimeMillis(), application, jobId);
    }

    @Override
    public Optional<ParkedJob> finish(String application, String key, String jobId) {
        return db.transaction("finish an execution key job", connection -> {
            lockKey(connection, application, key);
            Database.update(connection, "DELETE FROM roger_execution_job WHERE application = ? AND job_id = ?", application, jobId);
            return takeParkedHead(connection, application, key);
        });
    }

    @Override
    public void republished(String application, String jobId) {
        db.update("mark a republished job", "UPDATE roger_execution_job SET state = 'queued', body = NULL, updated_at = ?"
                + " WHERE application = ? AND job_id = ? AND state = 'republishing'", System.currentTimeMillis(), application, jobId);
    }

    @Override
    public List<ParkedJob> stalledHeads(long republishingBefore) {
        List<String[]> keys = db.query("find stalled execution keys",
                "SELECT j.application, j.execution_key FROM roger_execution_job j WHERE j.seq = (SELECT MIN(k.seq)"
                        + " FROM roger_execution_job k WHERE k.application = j.application AND k.execution_key = j.execution_key)"
                        + " AND (j.state = 'parked' OR (j.state = 'republishing' AND j.updated_at < ?))",
                row -> new String[] {row.getString(1), row.getString(2)}, republishingBefore);
        List<ParkedJob> stalled = new ArrayList<>();
        for (String[] key : keys) {
            db.transaction("take a stalled head", connection -> {
                lockKey(connection, key[0], key[1]);
                List<Row> rows = Database.query(connection, HEAD, JdbcExecutionKeyStore::row, key[0], key[1]);
                if (!rows.isEmpty() && "republishing".equals(rows.get(0).state)) {
                    Database.update(connection, "UPDATE roger_execution_job SET state = 'parked' WHERE seq = ?", rows.get(0).seq);
                }
                return takeParkedHead(connection, key[0], key[1]);
            }).ifPresent(stalled::add);
        }
        return stalled;
    }

    @Override
    public int resetRunningOf(String instance) {
        return db.update("reset this instance's execution key jobs", "UPDATE roger_execution_job SET state = 'queued',"
                + " instance = NULL WHERE instance = ? AND state = 'running'", instance);
    }

    @Override
    public int releaseQueue(String application, String queue) {
        return db.update("release the execution keys of a purged queue", "DELETE FROM roger_execution_job WHERE application = ?"
                + " AND queue_name = ? AND state <> 'running'", application, queue);
    }

    @Override
    public int recover(long deadBefore, long enqueuingBefore) {
        return db.update("recover execution keys", "DELETE FROM roger_execution_job WHERE state = 'enqueuing' AND (updated_at < ?"
                + " OR (updated_at < ? AND instance NOT IN (SELECT name FROM roger_instance WHERE heartbeat_at >= ?)))",
                enqueuingBefore, System.currentTimeMillis() - 5_000, deadBefore);
    }

    private static Optional<ParkedJob> takeParkedHead(Connection connection, String application, String key) throws SQLException {
        List<ParkedJob> head = Database.query(connection, "SELECT seq, queue_name, job_id, body, state FROM roger_execution_job"
                + " WHERE application = ? AND execution_key = ? ORDER BY seq", row -> "parked".equals(row.getString(5))
                ? new ParkedJob(application, row.getString(2), row.getString(3), row.getString(4)) : null, application, key);
        if (head.isEmpty() || head.get(0) == null) {
            return Optional.empty();
        }
        Database.update(connection, "UPDATE roger_execution_job SET state = 'republishing', updated_at = ? WHERE application = ?"
                + " AND job_id = ?", System.currentTimeMillis(), application, head.get(0).jobId());
        return Optional.of(head.get(0));
    }

    private void ensureKey(String application, String key) {
        db.insertUnique("create an execution key", "INSERT INTO roger_execution_key (application, execution_key) VALUES (?, ?)",
                application, key);
    }

    private static void lockKey(Connection connection, String application, String key) throws SQLException {
        Database.query(connection, "SELECT application FROM roger_execution_key WHERE application = ? AND execution_key = ? FOR UPDATE",
                row -> row.getString(1), application, key);
    }

    private static boolean isAlive(Connection connection, String instance, long aliveSince) throws SQLException {
        return !Database.query(connection, "SELECT name FROM roger_instance WHERE name = ? AND heartbeat_at >= ?",
                row -> row.getString(1), instance, aliveSince).isEmpty();
    }

    private static Row row(java.sql.ResultSet row) throws SQLException {
        return new Row(row.getLong(1), row.getString(2), row.getString(3), row.getString(4));
    }
}
