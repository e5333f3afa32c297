package dev.roger.engine;

import dev.roger.cluster.ClusterKey;
import dev.roger.cluster.DatabaseClock;
import dev.roger.config.ConfigReader;
import dev.roger.config.InvalidConfigurationException;
import dev.roger.config.RogerConfig;
import dev.roger.config.Secret;
import dev.roger.state.SharedState;
import java.util.List;

/** Which cluster key this instance uses, checked against the instances already running. */
final class ClusterSecret {

    private ClusterSecret() {}

    /**
     * The configured secret, or the one the cluster keeps in its database. An instance whose key
     * differs from that of a running instance would neither be heard nor hear: it does not start.
     */
    static ClusterKey agreedKey(RogerConfig config, String instance, SharedState state, DatabaseClock clock) {
        ClusterKey key = new ClusterKey(config.cluster()
                .secret()
                .map(Secret::value)
                .orElseGet(() -> state.secrets().cluster()));
        List<String> others = state.instances()
                .aliveWithOtherKey(
                        instance, clock.now() - config.cluster().deadAfter().toMillis(), key.id());
        if (!others.isEmpty()) {
            throw new InvalidConfigurationException(
                    ConfigReader.CLUSTER_SECRET,
                    "<hidden>",
                    (config.cluster().secret().isPresent() ? "differs from" : "is not set, unlike")
                            + " the secret of the running instance(s) " + others
                            + ": every instance of a cluster needs the same secret (or none, to share the one Roger keeps"
                            + " in the database)");
        }
        return key;
    }
}
