package dev.roger.state;

import static dev.roger.job.JobState.ENQUEUING;
import static dev.roger.job.JobState.QUEUED;
import static dev.roger.job.JobState.REPUBLISHING;
import static dev.roger.job.JobState.RUNNING;
import static dev.roger.job.JobState.WAITING_FOR_KEY;

import dev.roger.job.JobState;
import dev.roger.keys.ExecutionDecision;
import dev.roger.keys.ExecutionKeyStore;
import dev.roger.keys.HeldJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ExecutionKeyStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. States
 * are bound as {@link JobState#storedName()}; a write that may come late names the state it moves from.
 */
final class JdbcExecutionKeyStore implements ExecutionKeyStore {

    /**
     * {@link JobState#WAITING_FOR_KEY}'s name before schema version 2, which rewrote the rows. An
     * instance of an earlier release still running while the cluster is upgraded may write it after
     * that: read as waiting for the key, so its job is handed on, never stuck. Nothing here writes it.
     */
    private static final String EARLIER_WAITING_FOR_KEY = "parked";

    private static final String HEAD = "SELECT seq, job_id, state, instance FROM roger_execution_job"
            + " WHERE application = ? AND execution_key = ? ORDER BY seq";

    private final Database db;

    JdbcExecutionKeyStore(Database db) {
        this.db = db;
    }

    private record Row(long seq, String jobId, JobState state, String instance) {}

    @Override
    public void register(String application, String queue, String key, String jobId, String instance) {
        ensureKey(application, key);
        // a job that holds its place already (a strict-order retry, a due job published twice) keeps it
        db.insertUnique(
                "register an execution key job",
                "INSERT INTO roger_execution_job (application, execution_key, queue_name, job_id, state, instance, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                application,
                key,
                queue,
                jobId,
                ENQUEUING.storedName(),
                instance,
                System.currentTimeMillis());
    }

    @Override
    public void confirm(String application, String jobId) {
        // only from ENQUEUING: a delivery that beat the confirm may have moved the job on already
        db.update(
                "confirm an execution key job",
                "UPDATE roger_execution_job SET state = ?, updated_at = ?"
                        + " WHERE application = ? AND job_id = ? AND state = ?",
                QUEUED.storedName(),
                System.currentTimeMillis(),
                application,
                jobId,
                ENQUEUING.storedName());
    }

    @Override
    public Optional<HeldJob> unregister(String application, String key, String jobId) {
        return finish(application, key, jobId);
    }

    @Override
    public ExecutionDecision tryStart(
            String application, String queue, String key, String jobId, String instance, String body, long aliveSince) {
        ensureKey(application, key);
        return db.transaction("decide an execution key job", connection -> {
            lockKey(connection, application, key);
            List<Row> rows = Database.query(connection, HEAD, JdbcExecutionKeyStore::row, application, key);
            Row mine =
                    rows.stream().filter(r -> r.jobId.equals(jobId)).findFirst().orElse(null);
            long now = System.currentTimeMillis();
            if (mine == null) {
                Database.update(
                        connection,
                        "INSERT INTO roger_execution_job (application, execution_key, queue_name, job_id,"
                                + " state, instance, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)",
                        application,
                        key,
                        queue,
                        jobId,
                        QUEUED.storedName(),
                        now);
                rows = Database.query(connection, HEAD, JdbcExecutionKeyStore::row, application, key);
                mine = rows.stream()
                        .filter(r -> r.jobId.equals(jobId))
                        .findFirst()
                        .orElseThrow();
            }
            if (!rows.get(0).jobId.equals(jobId)) {
                Database.update(
                        connection,
                        "UPDATE roger_execution_job SET state = ?, body = ?, queue_name = ?,"
                                + " instance = NULL, updated_at = ? WHERE seq = ?",
                        WAITING_FOR_KEY.storedName(),
                        body,
                        queue,
                        now,
                        mine.seq);
                return ExecutionDecision.WAIT_FOR_KEY;
            }
            // the caller holds the job's claim on this instance, so a row saying it runs here is stale
            if (mine.state == RUNNING
                    && mine.instance != null
                    && !mine.instance.equals(instance)
                    && isAlive(connection, mine.instance, aliveSince)) {
                return ExecutionDecision.BUSY;
            }
            Database.update(
                    connection,
                    "UPDATE roger_execution_job SET state = ?, instance = ?, updated_at = ?" + " WHERE seq = ?",
                    RUNNING.storedName(),
                    instance,
                    now,
                    mine.seq);
            return ExecutionDecision.RUN;
        });
    }

    @Override
    public void requeued(String application, String jobId) {
        db.update(
                "requeue an execution key job",
                "UPDATE roger_execution_job SET state = ?, instance = NULL,"
                        + " updated_at = ? WHERE application = ? AND job_id = ?",
                QUEUED.storedName(),
                System.currentTimeMillis(),
                application,
                jobId);
    }

    @Override
    public Optional<HeldJob> finish(String application, String key, String jobId) {
        return db.transaction("finish an execution key job", connection -> {
            lockKey(connection, application, key);
            Database.update(
                    connection,
                    "DELETE FROM roger_execution_job WHERE application = ? AND job_id = ?",
                    application,
                    jobId);
            return takeHead(connection, application, key, Set.of(WAITING_FOR_KEY));
        });
    }

    @Override
    public void republished(String application, String jobId) {
        // only from REPUBLISHING: its delivery may have started it already
        db.update(
                "mark a republished job",
                "UPDATE roger_execution_job SET state = ?, body = NULL, updated_at = ?"
                        + " WHERE application = ? AND job_id = ? AND state = ?",
                QUEUED.storedName(),
                System.currentTimeMillis(),
                application,
                jobId,
                REPUBLISHING.storedName());
    }

    @Override
    public List<HeldJob> stalledHeads(long republishingBefore) {
        List<String[]> keys = db.query(
                "find stalled execution keys",
                "SELECT j.application, j.execution_key FROM roger_execution_job j WHERE j.seq = (SELECT MIN(k.seq)"
                        + " FROM roger_execution_job k WHERE k.application = j.application AND k.execution_key = j.execution_key)"
                        + " AND (j.state IN (?, ?) OR (j.state = ? AND j.updated_at < ?))",
                row -> new String[] {row.getString(1), row.getString(2)},
                WAITING_FOR_KEY.storedName(),
                EARLIER_WAITING_FOR_KEY,
                REPUBLISHING.storedName(),
                republishingBefore);
        List<HeldJob> stalled = new ArrayList<>();
        for (String[] key : keys) {
            // a head still republishing is taken again: its republish never reached the broker
            db.transaction("take a stalled head", connection -> {
                        lockKey(connection, key[0], key[1]);
                        return takeHead(connection, key[0], key[1], Set.of(WAITING_FOR_KEY, REPUBLISHING));
                    })
                    .ifPresent(stalled::add);
        }
        return stalled;
    }

    @Override
    public int resetRunningOf(String instance) {
        return db.update(
                "reset this instance's execution key jobs",
                "UPDATE roger_execution_job SET state = ?," + " instance = NULL WHERE instance = ? AND state = ?",
                QUEUED.storedName(),
                instance,
                RUNNING.storedName());
    }

    @Override
    public int recover(long deadBefore) {
        // started_at and updated_at are both written from the enqueuing instance's own clock
        return db.update(
                "recover execution keys",
                "DELETE FROM roger_execution_job WHERE state = ? AND updated_at < ? AND NOT EXISTS (SELECT 1 FROM"
                        + " roger_instance WHERE roger_instance.name = roger_execution_job.instance"
                        + " AND roger_instance.heartbeat_at >= ? AND roger_instance.started_at <= roger_execution_job.updated_at)",
                ENQUEUING.storedName(),
                System.currentTimeMillis() - 5_000,
                deadBefore);
    }

    /** The caller holds the key's lock: the head, when in one of {@code takeable}, moves to REPUBLISHING and is returned. */
    private static Optional<HeldJob> takeHead(
            Connection connection, String application, String key, Set<JobState> takeable) throws SQLException {
        List<HeldJob> head = Database.query(
                connection,
                "SELECT seq, queue_name, job_id, body, state FROM roger_execution_job"
                        + " WHERE application = ? AND execution_key = ? ORDER BY seq",
                row -> takeable.contains(state(row.getString(5)))
                        ? new HeldJob(application, row.getString(2), row.getString(3), row.getString(4))
                        : null,
                application,
                key);
        if (head.isEmpty() || head.get(0) == null) {
            return Optional.empty();
        }
        Database.update(
                connection,
                "UPDATE roger_execution_job SET state = ?, updated_at = ? WHERE application = ?" + " AND job_id = ?",
                REPUBLISHING.storedName(),
                System.currentTimeMillis(),
                application,
                head.get(0).jobId());
        return Optional.of(head.get(0));
    }

    private void ensureKey(String application, String key) {
        db.insertUnique(
                "create an execution key",
                "INSERT INTO roger_execution_key (application, execution_key) VALUES (?, ?)",
                application,
                key);
    }

    private static void lockKey(Connection connection, String application, String key) throws SQLException {
        Database.query(
                connection,
                "SELECT application FROM roger_execution_key WHERE application = ? AND execution_key = ? FOR UPDATE",
                row -> row.getString(1),
                application,
                key);
    }

    private static boolean isAlive(Connection connection, String instance, long aliveSince) throws SQLException {
        return !Database.query(
                        connection,
                        "SELECT name FROM roger_instance WHERE name = ? AND heartbeat_at >= ?",
                        row -> row.getString(1),
                        instance,
                        aliveSince)
                .isEmpty();
    }

    private static Row row(java.sql.ResultSet row) throws SQLException {
        return new Row(row.getLong(1), row.getString(2), state(row.getString(3)), row.getString(4));
    }

    private static JobState state(String stored) {
        return stored.equals(EARLIER_WAITING_FOR_KEY) ? WAITING_FOR_KEY : JobState.fromStoredName(stored);
    }

    @Override
    public boolean inLine(String application, String key) {
        return !db.query(
                        "look for jobs with an execution key",
                        "SELECT 1 FROM roger_execution_job WHERE application = ? AND execution_key = ? LIMIT 1",
                        r -> 1,
                        application,
                        key)
                .isEmpty();
    }
}
