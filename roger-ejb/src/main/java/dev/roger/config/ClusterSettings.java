package dev.roger.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How this instance takes part in the cluster.
 *
 * @param instanceName a stable name; empty: host name and HTTP port ({@code -Droger.http.port}), else host name and process id
 * @param dataSource JNDI name of the database shared by every instance
 * @param consumerTimeout the broker's consumer timeout: jobs running longer than half of it are
 *                        acknowledged early and tracked in the database instead
 * @param callTimeout how long a cluster-wide request waits for the instances' replies
 * @param secret the key that signs bus messages and job ids; empty: one generated and kept in the
 *               shared database, so every instance of the cluster agrees without configuration
 */
public record ClusterSettings(
        Optional<String> instanceName,
        String dataSource,
        Duration consumerTimeout,
        Duration callTimeout,
        Optional<Secret> secret) {

    /** A configured secret is at least this long: a short one could be guessed from a signed message. */
    public static final int SHORTEST_SECRET = 16;

    public static final String DEFAULT_DATA_SOURCE = "java:comp/DefaultDataSource";
}
