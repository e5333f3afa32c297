package dev.roger.state;

import dev.roger.api.JobRecord;
import dev.roger.job.JobState;
import dev.roger.records.RecordChange;
import dev.roger.records.RecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The RecordStore on the shared database, in SQL that H2 2.2 and PostgreSQL 15 both run: batches of
 * changes written by {@link RecordWrites} (retried once when two instances inserted the same new record
 * at once), records looked up and listed, expired ones deleted.
 */
final class JdbcRecordStore implements RecordStore {

    /** The states whose records the clean-up deletes once {@code succeededBefore}, and once {@code failedBefore}. */
    private static final List<String> SUCCEEDED_ENDS =
            List.of(JobState.SUCCEEDED.storedName(), JobState.CANCELLED.storedName(), JobState.PURGED.storedName());

    private static final List<String> FAILED_ENDS =
            List.of(JobState.FAILED.storedName(), JobState.BURIED.storedName(), JobState.PARKED.storedName());

    /** A record's state as the API names it ({@code parked}) to its stored name ({@code parked_message}). */
    private static String stored(String recordState) {
        return JobState.valueOf(recordState.toUpperCase(Locale.ROOT)).storedName();
    }

    /** A stored state to the API's name; an earlier release's constant name ({@code SUCCEEDED}) reads too. */
    static String recordState(String stored) {
        JobState state;
        try {
            state = JobState.fromStoredName(stored);
        } catch (IllegalStateException e) {
            state = JobState.valueOf(stored);
        }
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static final String COLUMNS = "job_id, application, queue_name, job_type, state, enqueued_at, due_at,"
            + " started_at, finished_at, attempt, instance, last_error, error_stack, result, args, progress,"
            + " progress_message, updated_at";

    private final Database db;

    JdbcRecordStore(Database db) {
        this.db = db;
    }

    @Override
    public void write(List<RecordChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            db.transaction("write job records", connection -> RecordWrites.write(db, connection, changes, true));
        } catch (RuntimeException e) {
            // a record that was to be new exists (a COPY cannot skip it, or two instances inserted the
            // same record at once): the second try, without COPY, finds it and merges
            if (e.getCause() instanceof SQLException sql && Database.isDuplicate(sql)) {
                db.transaction("write job records", connection -> RecordWrites.write(db, connection, changes, false));
                return;
            }
            throw e;
        }
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long value = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    private static JobRecord record(ResultSet r) throws SQLException {
        int attempt = r.getInt(10);
        int progress = r.getInt(16);
        boolean noProgress = r.wasNull();
        return new JobRecord(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                recordState(r.getString(5)),
                instant(r, 6),
                instant(r, 7),
                instant(r, 8),
                instant(r, 9),
                attempt,
                r.getString(11),
                r.getString(12),
                r.getString(13),
                r.getString(14),
                r.getString(15),
                noProgress ? -1 : progress,
                r.getString(17),
                instant(r, 18));
    }

    @Override
    public Optional<JobRecord> find(String application, String jobId) {
        return db
                .query(
                        "find a job record",
                        "SELECT " + COLUMNS + " FROM roger_job WHERE application = ? AND job_id = ?",
                        JdbcRecordStore::record,
                        application,
                        jobId)
                .stream()
                .findFirst();
    }

    /** The WHERE clause for the filters given, and their parameters after the application. */
    private record Filter(String where, List<Object> parameters) {

        static Filter of(String application, String state, String queue, String type) {
            StringBuilder where = new StringBuilder(" WHERE application = ?");
            List<Object> parameters = new ArrayList<>(List.of(application));
            if (state != null) {
                where.append(" AND state = ?");
                parameters.add(stored(state));
            }
            if (queue != null) {
                where.append(" AND queue_name = ?");
                parameters.add(queue);
            }
            if (type != null) {
                where.append(" AND job_type = ?");
                parameters.add(type);
            }
            return new Filter(where.toString(), parameters);
        }
    }

    @Override
    public List<JobRecord> list(String application, String state, String queue, String type, int offset, int limit) {
        Filter filter = Filter.of(application, state, queue, type);
        if (state != null) {
            List<Object> parameters = new ArrayList<>(filter.parameters());
            parameters.add(limit);
            parameters.add(offset);
            return db.query(
                    "list job records",
                    "SELECT " + COLUMNS + " FROM roger_job" + filter.where()
                            + " ORDER BY updated_at DESC, job_id LIMIT ? OFFSET ?",
                    JdbcRecordStore::record,
                    parameters.toArray());
        }
        // the latest of each state, merged here: the one index by time is per state (each index costs every
        // write); one UNION of the limited queries came back short on Payara's H2 (JobRecordsPageIT, second page)
        String perState = "SELECT " + COLUMNS + " FROM roger_job" + filter.where()
                + " AND state = ? ORDER BY updated_at DESC, job_id LIMIT ?";
        List<JobRecord> latest = db.autocommit("list job records", connection -> {
            List<JobRecord> all = new ArrayList<>();
            for (String each : JobRecord.STATES) {
                List<Object> parameters = new ArrayList<>(filter.parameters());
                parameters.add(stored(each));
                parameters.add(offset + limit);
                all.addAll(Database.query(connection, perState, JdbcRecordStore::record, parameters.toArray()));
            }
            return all;
        });
        return latest.stream()
                .sorted(java.util.Comparator.comparing(JobRecord::updatedAt)
                        .reversed()
                        .thenComparing(JobRecord::id))
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public long count(String application, String state, String queue, String type) {
        Filter filter = Filter.of(application, state, queue, type);
        return db.query(
                        "count job records",
                        "SELECT COUNT(*) FROM roger_job" + filter.where(),
                        r -> r.getLong(1),
                        filter.parameters().toArray())
                .get(0);
    }

    @Override
    public Optional<String> failedBody(String application, String jobId) {
        return db
                .query(
                        "read a failed job's message",
                        "SELECT body FROM roger_job WHERE application = ? AND job_id = ? AND state = 'failed'"
                                + " AND body IS NOT NULL",
                        r -> r.getString(1),
                        application,
                        jobId)
                .stream()
                .findFirst();
    }

    @Override
    public Deleted deleteExpired(String fromApplication, Expiry expiry, int limit) {
        return db.transaction("delete expired job records", connection -> {
            List<String[]> expired = new ArrayList<>();
            // application by application (read from the primary key), so each query has its index; a
            // batch that fills up starts the next one at the same application
            String application = fromApplication.isEmpty() ? nextApplication(connection, "") : fromApplication;
            while (application != null) {
                for (String state : JobRecord.STATES) {
                    String stored = stored(state);
                    long before = SUCCEEDED_ENDS.contains(stored)
                            ? expiry.succeededBefore()
                            : FAILED_ENDS.contains(stored) ? expiry.failedBefore() : expiry.unfinishedBefore();
                    expired.addAll(expired(connection, application, stored, before, limit - expired.size()));
                }
                if (expired.size() >= limit) {
                    break;
                }
                application = nextApplication(connection, application);
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM roger_job WHERE application = ? AND job_id = ?")) {
                for (String[] key : expired) {
                    delete.setString(1, key[0]);
                    delete.setString(2, key[1]);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return new Deleted(expired.size(), application);
        });
    }

    // ordered as an index is, so the first row is read from it: H2 2.2 sorted every later row first
    private static String nextApplication(Connection connection, String after) throws SQLException {
        List<String> next = Database.query(
                connection,
                "SELECT application FROM roger_job WHERE application > ? ORDER BY application, job_id LIMIT 1",
                r -> r.getString(1),
                after);
        return next.isEmpty() ? null : next.get(0);
    }

    private static List<String[]> expired(
            Connection connection, String application, String state, long before, int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        return Database.query(
                connection,
                "SELECT application, job_id FROM roger_job WHERE application = ? AND state = ? AND updated_at < ?"
                        + " ORDER BY application, state, updated_at LIMIT ?",
                r -> new String[] {r.getString(1), r.getString(2)},
                application,
                state,
                before,
                limit);
    }
}
