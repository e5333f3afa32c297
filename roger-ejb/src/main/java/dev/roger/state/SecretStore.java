package dev.roger.state;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The cluster's generated secret, for clusters that configure none: the first instance to start
 * writes a random one, every other reads it. Whoever can read Roger's tables is trusted already;
 * a producer that can only write to the broker's virtual host cannot.
 */
public final class SecretStore {

    private static final String CLUSTER = "cluster";
    private static final int BYTES = 32;

    private final Database db;

    public SecretStore(Database db) {
        this.db = db;
    }

    public String cluster() {
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        db.insertUnique("keep the cluster secret", "INSERT INTO roger_secret (name, secret) VALUES (?, ?)",
                CLUSTER, Base64.getEncoder().encodeToString(random));
        List<String> secret = db.query("read the cluster secret", "SELECT secret FROM roger_secret WHERE name = ?",
                row -> row.getString(1), CLUSTER);
        return secret.get(0);
    }
}
