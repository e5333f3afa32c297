package dev.roger.state;

import dev.roger.budget.WeightStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** The WeightStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcWeightStore implements WeightStore {

    private final Database db;

    JdbcWeightStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(String instance, String application, int weight) {
        // an insert that meets another's insert of the same row updates it after all
        for (int attempt = 0; attempt < 2; attempt++) {
            if (saved(instance, application, weight)) {
                return;
            }
        }
    }

    private boolean saved(String instance, String application, int weight) {
        long now = System.currentTimeMillis();
        return db.update(
                                "remember an application's weight",
                                "UPDATE roger_instance_weight SET weight = ?, updated_at = ? WHERE instance = ? AND application = ?",
                                weight,
                                now,
                                instance,
                                application)
                        > 0
                || db.insertUnique(
                        "remember an application's weight",
                        "INSERT INTO roger_instance_weight (instance, application, weight, updated_at) VALUES (?, ?, ?, ?)",
                        instance,
                        application,
                        weight,
                        now);
    }

    @Override
    public Map<String, Integer> of(String instance) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        db.query(
                        "read the instance's weights",
                        "SELECT application, weight FROM roger_instance_weight WHERE instance = ? ORDER BY application",
                        row -> Map.entry(row.getString(1), row.getInt(2)),
                        instance)
                .forEach(e -> weights.put(e.getKey(), e.getValue()));
        return weights;
    }
}
