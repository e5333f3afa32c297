package dev.roger.ratelimit;

import dev.roger.api.RateLimit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/** The shared row of each limit, in memory: what several instances' gates lease from in a unit test. */
public final class MemoryRateLimitStore implements RateLimitStore {

    private final Map<RateScope, Optional<RateLimit>> set = new LinkedHashMap<>();
    private final Map<RateScope, long[]> windows = new HashMap<>();
    int leases;
    boolean down;

    /** Rate limits with none configured, for tests of the rest of the worker. */
    public static RateLimits unlimited(ScheduledExecutorService scheduler) {
        return new RateLimits(Map.of(), new MemoryRateLimitStore(), System::currentTimeMillis, scheduler);
    }

    @Override
    public synchronized Map<RateScope, Optional<RateLimit>> setAtRunTime() {
        check();
        return new LinkedHashMap<>(set);
    }

    @Override
    public synchronized void set(RateScope scope, Optional<RateLimit> limit) {
        check();
        set.put(scope, limit);
    }

    @Override
    public synchronized int lease(RateScope scope, RateLimit limit, long windowStart, int wanted) {
        check();
        leases++;
        long[] window = windows.computeIfAbsent(scope, s -> new long[] {windowStart, 0});
        if (window[0] > windowStart) {
            return 0;
        }
        if (window[0] < windowStart) {
            window[0] = windowStart;
            window[1] = 0;
        }
        int granted = (int) Math.max(0, Math.min(wanted, limit.starts() - window[1]));
        window[1] += granted;
        return granted;
    }

    private void check() {
        if (down) {
            throw new IllegalStateException("the database is away");
        }
    }
}
