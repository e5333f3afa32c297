package dev.roger.cluster;

import java.time.Instant;
import java.util.List;

/** Instances and their heartbeats: who is alive in the cluster. */
public interface InstanceStore {

    /** @param keyId names the cluster key this instance signs with (never the key itself) */
    void heartbeat(String name, Instant startedAt, String keyId);

    /** The instances, other than {@code name}, alive since {@code aliveSince} whose key is not {@code keyId}. */
    List<String> aliveWithOtherKey(String name, long aliveSince, String keyId);

    /** Leaving cleanly: the others need not wait for the heartbeat to go stale. */
    void leave(String name);

    List<InstanceRecord> all();

    int forgetSilentSince(long before);
}
