package dev.roger.config;

import dev.roger.api.MissedFires;

/**
 * A recurring job from {@code roger.recurring}, checked for syntax when read; its job type, args and
 * queue are checked when Roger starts.
 *
 * @param args JSON
 * @param zone a time zone id
 */
public record RecurringConfig(
        String application,
        String name,
        String jobType,
        String args,
        String cron,
        String zone,
        MissedFires missed,
        boolean overlap) {}
