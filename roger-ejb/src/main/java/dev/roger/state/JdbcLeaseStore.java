package dev.roger.state;

import dev.roger.cluster.LeaseStore;
import java.time.Duration;

/** Leases in one table, timed on the database's clock. */
final class JdbcLeaseStore implements LeaseStore {

    private static final String NOW = JdbcScheduledStore.NOW;

    private final Database db;

    JdbcLeaseStore(Database db) {
        this.db = db;
    }

    @Override
    public boolean take(String name, String holder, Duration ttl) {
        int taken = db.update(
                "take a lease",
                "UPDATE roger_lease SET holder = ?, until_at = " + NOW + " + ? WHERE name = ? AND (until_at < " + NOW
                        + " OR holder = ?)",
                holder,
                ttl.toMillis(),
                name,
                holder);
        if (taken > 0) {
            return true;
        }
        return db.insertUnique(
                "take a lease",
                "INSERT INTO roger_lease (name, holder, until_at) VALUES (?, ?, " + NOW + " + ?)",
                name,
                holder,
                ttl.toMillis());
    }
}
