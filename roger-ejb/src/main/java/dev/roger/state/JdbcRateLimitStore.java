package dev.roger.state;

import dev.roger.api.RateLimit;
import dev.roger.ratelimit.RateLimitStore;
import dev.roger.ratelimit.RateScope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RateLimitStore on the shared database, in SQL that H2 2.x and PostgreSQL both run: one row per
 * limited scope holds the limit set at run time (if any) and the starts taken from its current window.
 * A lease is a compare-and-set on that row (no lock held across calls), so instances leasing together
 * never take more than the window allows.
 */
final class JdbcRateLimitStore implements RateLimitStore {

    /** {@code queue_name} of an application's limit over all its queues (no queue is named so). */
    static final String WHOLE_APPLICATION = "*";

    /** Compare-and-set attempts before a lease gives up for now (the gate tries again). */
    private static final int ATTEMPTS = 5;

    private final Database db;

    JdbcRateLimitStore(Database db) {
        this.db = db;
    }

    @Override
    public Map<RateScope, Optional<RateLimit>> setAtRunTime() {
        Map<RateScope, Optional<RateLimit>> limits = new LinkedHashMap<>();
        db.query(
                        "read the rate limits",
                        "SELECT application, queue_name, rate FROM roger_rate_limit WHERE set_at IS NOT NULL",
                        row -> new String[] {row.getString(1), row.getString(2), row.getString(3)})
                .forEach(row -> limits.put(
                        WHOLE_APPLICATION.equals(row[1])
                                ? RateScope.ofApplication(row[0])
                                : RateScope.ofQueue(row[0], row[1]),
                        Optional.ofNullable(row[2]).map(RateLimit::parse)));
        return limits;
    }

    @Override
    public void set(RateScope scope, Optional<RateLimit> limit) {
        String rate = limit.map(RateLimit::toString).orElse(null);
        // an insert that meets another's insert of the same row updates it after all
        for (int attempt = 0; attempt < 2; attempt++) {
            long now = System.currentTimeMillis();
            if (db.update(
                                    "set a rate limit",
                                    "UPDATE roger_rate_limit SET rate = ?, set_at = ? WHERE application = ? AND queue_name = ?",
                                    rate,
                                    now,
                                    scope.application(),
                                    queueName(scope))
                            > 0
                    || db.insertUnique(
                            "set a rate limit",
                            "INSERT INTO roger_rate_limit (application, queue_name, rate, set_at, window_start, used)"
                                    + " VALUES (?, ?, ?, ?, 0, 0)",
                            scope.application(),
                            queueName(scope),
                            rate,
                            now)) {
                return;
            }
        }
    }

    @Override
    public int lease(RateScope scope, RateLimit limit, long windowStart, int wanted) {
        return db.autocommit("lease starts of a rate limit", connection -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Integer granted = tryLease(connection, scope, limit, windowStart, wanted);
                if (granted != null) {
                    return granted;
                }
            }
            return 0;
        });
    }

    /** One compare-and-set; null when another instance changed the row first. */
    private static Integer tryLease(
            Connection connection, RateScope scope, RateLimit limit, long windowStart, int wanted) throws SQLException {
        List<long[]> rows = Database.query(
                connection,
                "SELECT window_start, used FROM roger_rate_limit WHERE application = ? AND queue_name = ?",
                row -> new long[] {row.getLong(1), row.getInt(2)},
                scope.application(),
                queueName(scope));
        if (rows.isEmpty()) {
            int granted = Math.min(wanted, limit.starts());
            try {
                Database.update(
                        connection,
                        "INSERT INTO roger_rate_limit (application, queue_name, rate, set_at, window_start, used)"
                                + " VALUES (?, ?, NULL, NULL, ?, ?)",
                        scope.application(),
                        queueName(scope),
                        windowStart,
                        granted);
                return granted;
            } catch (SQLException e) {
                if (Database.isDuplicate(e)) {
                    return null;
                }
                throw e;
            }
        }
        long storedWindow = rows.get(0)[0];
        long used = rows.get(0)[1];
        if (storedWindow > windowStart) {
            // another instance's clock (read from the same database) is already in the next window
            return 0;
        }
        long alreadyUsed = storedWindow == windowStart ? used : 0;
        int granted = (int) Math.max(0, Math.min(wanted, limit.starts() - alreadyUsed));
        if (granted == 0) {
            return 0;
        }
        int updated = Database.update(
                connection,
                "UPDATE roger_rate_limit SET window_start = ?, used = ?"
                        + " WHERE application = ? AND queue_name = ? AND window_start = ? AND used = ?",
                windowStart,
                (int) alreadyUsed + granted,
                scope.application(),
                queueName(scope),
                storedWindow,
                (int) used);
        return updated == 1 ? granted : null;
    }

    private static String queueName(RateScope scope) {
        return scope.wholeApplication() ? WHOLE_APPLICATION : scope.queue();
    }
}
