package dev.roger.cluster;

import java.time.Duration;

/** Work that one instance at a time does for the cluster (clean-ups) takes a lease first. */
public interface LeaseStore {

    /** True when {@code holder} now holds the lease for {@code ttl}: it was free, expired, or held by it already. */
    boolean take(String name, String holder, Duration ttl);
}
