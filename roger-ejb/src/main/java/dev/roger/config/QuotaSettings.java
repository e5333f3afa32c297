package dev.roger.config;

import java.util.Map;

/**
 * {@code roger.quotas}: the quota of each application named, and of every other ({@code *}).
 *
 * @param named the applications named, to their quota
 * @param others the quota of an application not named ({@link Quota#NONE} when {@code *} is not given)
 */
public record QuotaSettings(Map<String, Quota> named, Quota others) {

    public static final QuotaSettings NONE = new QuotaSettings(Map.of(), Quota.NONE);

    /**
     * An application's bounds: {@code waiting} on its jobs waiting (queued in its queues, scheduled
     * and retrying), {@code parked} on its parked and buried jobs; 0 for no bound.
     */
    public record Quota(long waiting, long parked) {

        public static final Quota NONE = new Quota(0, 0);

        public boolean isNone() {
            return waiting == 0 && parked == 0;
        }
    }

    public QuotaSettings {
        named = Map.copyOf(named);
    }

    public Quota of(String application) {
        return named.getOrDefault(application, others);
    }
}
