package dev.roger.ratelimit;

import dev.roger.api.RateLimit;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's rate limits set at run time, and the starts every instance has taken from each limit's
 * current window.
 */
public interface RateLimitStore {

    /** The limits set at run time: a scope to its limit, or empty where one was lifted at run time. */
    Map<RateScope, Optional<RateLimit>> setAtRunTime();

    /** Sets (or, empty, lifts) the scope's limit for the whole cluster, over what any configuration says. */
    void set(RateScope scope, Optional<RateLimit> limit);

    /**
     * Takes up to {@code wanted} starts of the window that begins at {@code windowStart} (epoch ms), of
     * which the cluster may take {@code limit.starts()} in all; returns how many it took (0 when the
     * window is used up). A window later than the stored one starts afresh.
     */
    int lease(RateScope scope, RateLimit limit, long windowStart, int wanted);
}
