package dev.roger.config;

import java.time.Duration;
import java.util.Set;

/**
 * How job records are kept.
 *
 * @param on whether Roger keeps records at all
 * @param offFor applications whose jobs get no record
 * @param buffer how many jobs' unwritten changes an instance holds while the database is slow or away
 * @param keepSucceeded how long records of jobs that succeeded (or were cancelled) are kept
 * @param keepFailed how long records of jobs that failed, were buried or parked are kept
 * @param keepUnfinished how long a record that never ended (its end was lost) is kept after its last
 *     change: longer than a job may wait scheduled ({@code roger.schedule.max-horizon}) plus
 *     {@link #LONGEST_JOB}
 */
public record RecordSettings(
        boolean on,
        Set<String> offFor,
        int buffer,
        Duration keepSucceeded,
        Duration keepFailed,
        Duration keepUnfinished) {

    /** What a record that never ended is kept for beyond the scheduling horizon: longer than any run. */
    public static final Duration LONGEST_JOB = Duration.ofDays(30);

    public static final RecordSettings DEFAULTS = new RecordSettings(
            true,
            Set.of(),
            100_000,
            Duration.ofDays(1),
            Duration.ofDays(30),
            Duration.ofDays(3650).plus(LONGEST_JOB));

    public boolean isOn(String application) {
        return on && !offFor.contains(application);
    }
}
