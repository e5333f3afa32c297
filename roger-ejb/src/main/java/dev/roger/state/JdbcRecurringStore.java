package dev.roger.state;

import dev.roger.recurring.RecurringFireRow;
import dev.roger.recurring.RecurringRow;
import dev.roger.recurring.RecurringStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The RecurringStore on the shared database, in SQL that H2 2.2 and PostgreSQL both run. */
final class JdbcRecurringStore implements RecurringStore {

    /** How long fires are kept; the latest one always. */
    static final Duration FIRES_KEPT = Duration.ofDays(1);

    private static final String NOW = JdbcScheduledStore.NOW;
    private static final String COLUMNS = "application, name, job_type, args, cron, zone, missed, overlap, configured,"
            + " paused, next_fire, last_fire, last_job_id, last_outcome";

    private final Database db;

    JdbcRecurringStore(Database db) {
        this.db = db;
    }

    private static RecurringRow row(ResultSet r) throws SQLException {
        return new RecurringRow(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                r.getString(7),
                r.getBoolean(8),
                r.getBoolean(9),
                r.getBoolean(10),
                r.getLong(11),
                r.getLong(12),
                r.getString(13),
                r.getString(14));
    }

    private static RecurringFireRow fire(ResultSet r) throws SQLException {
        return new RecurringFireRow(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5));
    }

    @Override
    public long now() {
        return db.query("read the database's clock", "SELECT " + NOW, r -> r.getLong(1))
                .get(0);
    }

    @Override
    public Defined define(RecurringRow row) {
        try {
            return db.transaction("define a recurring job", connection -> define(connection, row));
        } catch (RuntimeException e) {
            // two instances starting with the same configured schedule both inserted it: the second one replaces it
            if (e.getCause() instanceof SQLException sql && Database.isDuplicate(sql)) {
                return db.transaction("define a recurring job", connection -> define(connection, row));
            }
            throw e;
        }
    }

    private static Defined define(Connection connection, RecurringRow row) throws SQLException {
        List<RecurringRow> existing = Database.query(
                connection,
                "SELECT " + COLUMNS + " FROM roger_recurring WHERE application = ? AND name = ? FOR UPDATE",
                JdbcRecurringStore::row,
                row.application(),
                row.name());
        if (existing.isEmpty()) {
            Database.update(
                    connection,
                    "INSERT INTO roger_recurring (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, -1, NULL, NULL)",
                    row.application(),
                    row.name(),
                    row.jobType(),
                    row.args(),
                    row.cron(),
                    row.zone(),
                    row.missed(),
                    row.overlap(),
                    row.configured(),
                    row.nextFire());
            return Defined.CREATED;
        }
        RecurringRow old = existing.get(0);
        if (old.configured() && !row.configured()) {
            return Defined.CONFIGURED;
        }
        boolean sameTimes = old.cron().equals(row.cron()) && old.zone().equals(row.zone());
        long nextFire = old.paused() ? -1 : sameTimes && old.nextFire() >= 0 ? old.nextFire() : row.nextFire();
        Database.update(
                connection,
                "UPDATE roger_recurring SET job_type = ?, args = ?, cron = ?, zone = ?, missed = ?, overlap = ?,"
                        + " configured = ?, next_fire = ? WHERE application = ? AND name = ?",
                row.jobType(),
                row.args(),
                row.cron(),
                row.zone(),
                row.missed(),
                row.overlap(),
                row.configured(),
                nextFire,
                row.application(),
                row.name());
        return Defined.REPLACED;
    }

    @Override
    public Optional<RecurringRow> find(String application, String name) {
        return db
                .query(
                        "find a recurring job",
                        "SELECT " + COLUMNS + " FROM roger_recurring WHERE application = ? AND name = ?",
                        JdbcRecurringStore::row,
                        application,
                        name)
                .stream()
                .findFirst();
    }

    @Override
    public List<RecurringRow> list(String application) {
        return db.query(
                "list recurring jobs",
                "SELECT " + COLUMNS + " FROM roger_recurring WHERE application = ? ORDER BY name",
                JdbcRecurringStore::row,
                application);
    }

    @Override
    public List<RecurringRow> configured() {
        return db.query(
                "list configured recurring jobs",
                "SELECT " + COLUMNS + " FROM roger_recurring WHERE configured = TRUE ORDER BY application, name",
                JdbcRecurringStore::row);
    }

    @Override
    public boolean delete(String application, String name) {
        return db.transaction("delete a recurring job", connection -> {
            Database.update(
                    connection,
                    "DELETE FROM roger_recurring_fire WHERE application = ? AND name = ?",
                    application,
                    name);
            return Database.update(
                            connection,
                            "DELETE FROM roger_recurring WHERE application = ? AND name = ?",
                            application,
                            name)
                    > 0;
        });
    }

    @Override
    public boolean pause(String application, String name) {
        return db.update(
                        "pause a recurring job",
                        "UPDATE roger_recurring SET paused = TRUE, next_fire = -1 WHERE application = ? AND name = ?",
                        application,
                        name)
                > 0;
    }

    @Override
    public boolean resume(String application, String name, long nextFire) {
        db.update(
                "resume a recurring job",
                "UPDATE roger_recurring SET paused = FALSE, next_fire = ? WHERE application = ? AND name = ? AND paused = TRUE",
                nextFire,
                application,
                name);
        return find(application, name).isPresent();
    }

    @Override
    public int fireDue(int limit, Firing firing) {
        return db.transaction("fire recurring jobs", connection -> {
            long now = Database.query(connection, "SELECT " + NOW, r -> r.getLong(1))
                    .get(0);
            List<RecurringRow> due = Database.query(
                    connection,
                    "SELECT " + COLUMNS
                            + " FROM roger_recurring WHERE paused = FALSE AND next_fire >= 0 AND next_fire <= ?"
                            + " ORDER BY next_fire LIMIT ? FOR UPDATE SKIP LOCKED",
                    JdbcRecurringStore::row,
                    now,
                    limit);
            for (RecurringRow row : due) {
                boolean alreadyFired = !Database.query(
                                connection,
                                "SELECT 1 FROM roger_recurring_fire WHERE application = ? AND name = ? AND fire_at = ?",
                                r -> 1,
                                row.application(),
                                row.name(),
                                row.nextFire())
                        .isEmpty();
                Fired fired = firing.fire(row, now, fireAt -> alreadyFired && fireAt == row.nextFire());
                if (fired == null) {
                    continue;
                }
                if (fired.fire() == null) {
                    Database.update(
                            connection,
                            "UPDATE roger_recurring SET next_fire = ? WHERE application = ? AND name = ?",
                            fired.nextFire(),
                            row.application(),
                            row.name());
                    continue;
                }
                record(connection, row.application(), row.name(), fired.fire());
                Database.update(
                        connection,
                        "UPDATE roger_recurring SET next_fire = ? WHERE application = ? AND name = ?",
                        fired.nextFire(),
                        row.application(),
                        row.name());
            }
            return due.size();
        });
    }

    /** Writes the fire's row, makes it the schedule's last fire and lets fires older than a day go. */
    private static void record(Connection connection, String application, String name, RecurringFireRow fire)
            throws SQLException {
        Database.update(
                connection,
                "INSERT INTO roger_recurring_fire (application, name, fire_at, fired_at, job_id, outcome, instance)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                application,
                name,
                fire.fireAt(),
                fire.firedAt(),
                fire.jobId(),
                cap(fire.outcome()),
                fire.instance());
        Database.update(
                connection,
                "UPDATE roger_recurring SET last_fire = ?, last_job_id = ?, last_outcome = ? WHERE application = ? AND name = ?",
                fire.fireAt(),
                fire.jobId(),
                cap(fire.outcome()),
                application,
                name);
        Database.update(
                connection,
                "DELETE FROM roger_recurring_fire WHERE application = ? AND name = ? AND fire_at < ?",
                application,
                name,
                fire.fireAt() - FIRES_KEPT.toMillis());
    }

    private static String cap(String outcome) {
        return outcome.length() > 4000 ? outcome.substring(0, 4000) : outcome;
    }

    @Override
    public void ranNow(String application, String name, String jobId, String instance) {
        db.transaction("record a recurring job run now", connection -> {
            long now = Database.query(connection, "SELECT " + NOW, r -> r.getLong(1))
                    .get(0);
            // a fire of the schedule in the same millisecond keeps its row; this run moves one on
            while (!Database.query(
                            connection,
                            "SELECT 1 FROM roger_recurring_fire WHERE application = ? AND name = ? AND fire_at = ?",
                            r -> 1,
                            application,
                            name,
                            now)
                    .isEmpty()) {
                now++;
            }
            record(connection, application, name, new RecurringFireRow(now, now, jobId, "run now: enqueued", instance));
            return null;
        });
    }

    @Override
    public List<RecurringFireRow> fires(String application, String name, int offset, int limit) {
        return db.query(
                "list the fires of a recurring job",
                "SELECT fire_at, fired_at, job_id, outcome, instance FROM roger_recurring_fire"
                        + " WHERE application = ? AND name = ? ORDER BY fire_at DESC LIMIT ? OFFSET ?",
                JdbcRecurringStore::fire,
                application,
                name,
                limit,
                offset);
    }

    @Override
    public long countFires(String application, String name) {
        return db.query(
                        "count the fires of a recurring job",
                        "SELECT COUNT(*) FROM roger_recurring_fire WHERE application = ? AND name = ?",
                        r -> r.getLong(1),
                        application,
                        name)
                .get(0);
    }

    @Override
    public Next next() {
        return db.query(
                        "find the next recurring fire",
                        "SELECT MIN(next_fire), " + NOW
                                + " FROM roger_recurring WHERE paused = FALSE AND next_fire >= 0",
                        r -> {
                            long fireAt = r.getLong(1);
                            OptionalLong next = r.wasNull() ? OptionalLong.empty() : OptionalLong.of(fireAt);
                            return new Next(next, r.getLong(2));
                        })
                .get(0);
    }
}
