package dev.roger.config;

import java.time.Duration;

/**
 * How long the job history is kept.
 *
 * @param minutes how long counts per minute are kept ({@code roger.history.minutes}, in minutes)
 * @param hours how long counts per hour are kept ({@code roger.history.hours}, in hours)
 */
public record HistorySettings(Duration minutes, Duration hours) {

    public static final Duration DEFAULT_MINUTES = Duration.ofDays(1);
    public static final Duration DEFAULT_HOURS = Duration.ofDays(30);
    public static final HistorySettings DEFAULTS = new HistorySettings(DEFAULT_MINUTES, DEFAULT_HOURS);

    public HistorySettings {
        if (minutes.compareTo(Duration.ofHours(1)) < 0 || hours.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("history is kept at least an hour per minute and a day per hour");
        }
    }
}
