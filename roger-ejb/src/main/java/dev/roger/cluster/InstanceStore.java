package dev.roger.cluster;

import java.time.Instant;
import java.util.List;

/** Instances and their heartbeats: who is alive in the cluster. */
public interface InstanceStore {

    /**
     * @param keyId names the cluster key this instance signs with (never the key itself)
     * @param at the database's time ({@link #databaseTime()}): liveness is judged on the database's clock
     */
    void heartbeat(String name, Instant startedAt, String keyId, long at);

    /** The database's clock, in epoch milliseconds. */
    long databaseTime();

    /** The instances, other than {@code name}, alive since {@code aliveSince} whose key is not {@code keyId}. */
    List<String> aliveWithOtherKey(String name, long aliveSince, String keyId);

    /** Leaving cleanly: the others need not wait for the heartbeat to go stale. */
    void leave(String name);

    List<InstanceRecord> all();

    int forgetSilentSince(long before);
}
