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
 * @param heartbeat how often this instance records in the database that it is alive
 * @param deadAfter an instance whose last heartbeat is older than this counts as dead: the others
 *                  release its keys and run its long jobs again
 * @param databaseTimeout how long one call to the shared database may wait on its network before it
 *                        fails (zero: no limit)
 */
public record ClusterSettings(
        Optional<String> instanceName,
        String dataSource,
        Duration consumerTimeout,
        Duration callTimeout,
        Optional<Secret> secret,
        Duration heartbeat,
        Duration deadAfter,
        Duration databaseTimeout) {

    /** A configured secret is at least this long: a short one could be guessed from a signed message. */
    public static final int SHORTEST_SECRET = 16;

    public static final String DEFAULT_DATA_SOURCE = "java:comp/DefaultDataSource";

    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DATABASE_TIMEOUT = Duration.ofSeconds(30);

    /** A dead instance missed at least this many heartbeats: one slow heartbeat is no death. */
    public static final int MISSED_HEARTBEATS = 3;
}
