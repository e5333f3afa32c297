package dev.roger.state;

import dev.roger.cluster.SecretStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/** The SecretStore on the shared database, in SQL that H2 2.x and PostgreSQL both run. */
final class JdbcSecretStore implements SecretStore {

    private static final String CLUSTER = "cluster";
    private static final int BYTES = 32;

    private final Database db;

    JdbcSecretStore(Database db) {
        this.db = db;
    }

    @Override
    public String cluster() {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        db.insertUnique(
                "keep the cluster secret",
                "INSERT INTO roger_secret (name, secret) VALUES (?, ?)",
                CLUSTER,
                Base64.getEncoder().encodeToString(random));
        List<String> secret = db.query(
                "read the cluster secret",
                "SELECT secret FROM roger_secret WHERE name = ?",
                row -> row.getString(1),
                CLUSTER);
        return secret.get(0);
    }
}
