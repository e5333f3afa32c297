package dev.roger.state;

import dev.roger.application.ApplicationStore;
import dev.roger.config.ApplicationsSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The ApplicationStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcApplicationStore implements ApplicationStore {

    private final Database db;

    JdbcApplicationStore(Database db) {
        this.db = db;
    }

    @Override
    public void save(String instance, String application, Map<String, Integer> queues) {
        String spec = queues.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        put(instance, application, spec);
    }

    @Override
    public void stopped(String instance, String application) {
        put(instance, application, null);
    }

    private void put(String instance, String application, String spec) {
        long now = System.currentTimeMillis();
        if (db.update(
                        "remember an application",
                        "UPDATE roger_instance_application SET queues = ?, updated_at = ?"
                                + " WHERE instance = ? AND application = ?",
                        spec,
                        now,
                        instance,
                        application)
                == 0) {
            db.insertUnique(
                    "remember an application",
                    "INSERT INTO roger_instance_application (instance, application, queues,"
                            + " updated_at) VALUES (?, ?, ?, ?)",
                    instance,
                    application,
                    spec,
                    now);
        }
    }

    @Override
    public Map<String, Optional<Map<String, Integer>>> of(String instance) {
        Map<String, Optional<Map<String, Integer>>> applications = new LinkedHashMap<>();
        db.query(
                        "read the instance's applications",
                        "SELECT application, queues FROM roger_instance_application"
                                + " WHERE instance = ? ORDER BY updated_at",
                        row -> new String[] {row.getString(1), row.getString(2)},
                        instance)
                .forEach(row -> applications.put(
                        row[0],
                        Optional.ofNullable(row[1])
                                .map(spec -> ApplicationsSpec.parseQueues("roger_instance_application", spec, spec))));
        return applications;
    }
}
