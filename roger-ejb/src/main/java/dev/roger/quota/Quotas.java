package dev.roger.quota;

import dev.roger.api.QuotaExceededException;
import dev.roger.config.QuotaSettings;
import dev.roger.config.QuotaSettings.Quota;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Refuses an enqueue into an application that is over its quota, so one tenant's runaway producer
 * cannot fill the broker or the database for the others. The counts behind a decision are at most
 * {@link #MAX_AGE} old: the enqueue that finds them older counts again (a passive declare per queue
 * and three counts in the database), the others meanwhile decide on the last counts. So an application
 * can pass its bound by what it enqueues in that time, and no enqueue waits for a count but the one
 * that takes it.
 */
public final class Quotas {

    /** How old the counts a decision rests on may be. */
    public static final Duration MAX_AGE = Duration.ofSeconds(2);

    /** Counts an application's jobs. */
    public interface Counter {
        /** Jobs in its queues at the broker, scheduled and retrying. */
        long waiting(String application);

        /** Its parked and buried jobs. */
        long parked(String application);
    }

    private record Usage(long waiting, long parked, long countedAt) {}

    private final QuotaSettings settings;
    private final Counter counter;
    private final LongSupplier clock;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();
    private final Map<String, Boolean> counting = new ConcurrentHashMap<>();

    /** @param clock milliseconds */
    public Quotas(QuotaSettings settings, Counter counter, LongSupplier clock) {
        this.settings = settings;
        this.counter = counter;
        this.clock = clock;
    }

    /** Throws {@link QuotaExceededException} naming the quota when the application is at or over it. */
    public void check(String application) {
        Quota quota = settings.of(application);
        if (quota.isNone()) {
            return;
        }
        Usage now = current(application, quota);
        if (quota.waiting() > 0 && now.waiting() >= quota.waiting()) {
            throw new QuotaExceededException(
                    "waiting",
                    "application '" + application + "' has " + now.waiting() + " jobs waiting (queued, scheduled and"
                            + " retrying), at its quota of " + quota.waiting()
                            + " (roger.quotas ...waiting=): enqueue again once its jobs have run");
        }
        if (quota.parked() > 0 && now.parked() >= quota.parked()) {
            throw new QuotaExceededException(
                    "parked",
                    "application '" + application + "' has " + now.parked()
                            + " parked and buried jobs, at its quota of " + quota.parked()
                            + " (roger.quotas ...parked=): retry or delete them before enqueueing more");
        }
    }

    private Usage current(String application, Quota quota) {
        Usage last = usage.get(application);
        long now = clock.getAsLong();
        if (last != null && now - last.countedAt() < MAX_AGE.toMillis()) {
            return last;
        }
        boolean mine = counting.putIfAbsent(application, Boolean.TRUE) == null;
        if (!mine && last != null) {
            // another enqueue counts: this one decides on the last counts
            return last;
        }
        try {
            Usage counted = new Usage(
                    quota.waiting() > 0 ? counter.waiting(application) : 0,
                    quota.parked() > 0 ? counter.parked(application) : 0,
                    now);
            usage.put(application, counted);
            return counted;
        } finally {
            if (mine) {
                counting.remove(application);
            }
        }
    }
}
