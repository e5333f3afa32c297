package dev.roger.state;

import dev.roger.cluster.InstanceRecord;
import dev.roger.cluster.InstanceStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The InstanceStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcInstanceStore implements InstanceStore {

    private final Database db;

    JdbcInstanceStore(Database db) {
        this.db = db;
    }

    @Override
    public void heartbeat(String name, Instant startedAt, String keyId, long now) {
        if (db.update(
                        "record a heartbeat",
                        "UPDATE roger_instance SET heartbeat_at = ?, started_at = ?, key_id = ? WHERE name = ?",
                        now,
                        startedAt.toEpochMilli(),
                        keyId,
                        name)
                == 0) {
            db.insertUnique(
                    "register the instance",
                    "INSERT INTO roger_instance (name, started_at, heartbeat_at, key_id) VALUES (?, ?, ?, ?)",
                    name,
                    startedAt.toEpochMilli(),
                    now,
                    keyId);
        }
    }

    @Override
    public long databaseTime() {
        return db.query(
                        "read the database's clock",
                        "SELECT CURRENT_TIMESTAMP",
                        row -> row.getObject(1, OffsetDateTime.class)
                                .toInstant()
                                .toEpochMilli())
                .get(0);
    }

    @Override
    public List<String> aliveWithOtherKey(String name, long aliveSince, String keyId) {
        return db.query(
                "compare the cluster keys",
                "SELECT name FROM roger_instance WHERE name <> ? AND heartbeat_at >= ? AND key_id IS NOT NULL AND key_id <> ?"
                        + " ORDER BY name",
                row -> row.getString(1),
                name,
                aliveSince,
                keyId);
    }

    @Override
    public void leave(String name) {
        db.update("unregister the instance", "UPDATE roger_instance SET heartbeat_at = 0 WHERE name = ?", name);
    }

    @Override
    public List<InstanceRecord> all() {
        return db.query(
                "read the instances",
                "SELECT name, started_at, heartbeat_at FROM roger_instance ORDER BY name",
                row -> new InstanceRecord(
                        row.getString(1), Instant.ofEpochMilli(row.getLong(2)), Instant.ofEpochMilli(row.getLong(3))));
    }

    @Override
    public int forgetSilentSince(long before) {
        return db.update("forget long-gone instances", "DELETE FROM roger_instance WHERE heartbeat_at < ?", before);
    }
}
