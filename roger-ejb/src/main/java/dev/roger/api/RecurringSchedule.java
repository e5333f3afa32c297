package dev.roger.api;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What a recurring job runs and when: a job of {@code jobType} with {@code args}, at the times of
 * {@code cron} read in {@code zone}. Built with {@link #of} and the {@code with...} methods.
 *
 * @param args a value of the job type's argument type, or JSON for it (a {@code JsonValue}); every fire runs
 *     with the same args
 * @param cron five fields (minute hour day-of-month month day-of-week) or six with seconds first
 * @param overlap whether a fire may start while the previous run of the same schedule is queued or
 *     running; false skips that fire and records why
 */
public record RecurringSchedule(
        String jobType, Object args, String cron, ZoneId zone, MissedFires missed, boolean overlap) {

    public RecurringSchedule {
        Objects.requireNonNull(jobType, "jobType");
        Objects.requireNonNull(cron, "cron");
        zone = zone == null ? ZoneOffset.UTC : zone;
        missed = missed == null ? MissedFires.CATCH_UP : missed;
    }

    /** In UTC, catching up missed fires once, runs may overlap. */
    public static RecurringSchedule of(String jobType, Object args, String cron) {
        return new RecurringSchedule(jobType, args, cron, ZoneOffset.UTC, MissedFires.CATCH_UP, true);
    }

    public RecurringSchedule withZone(ZoneId zone) {
        return new RecurringSchedule(jobType, args, cron, zone, missed, overlap);
    }

    public RecurringSchedule withMissed(MissedFires missed) {
        return new RecurringSchedule(jobType, args, cron, zone, missed, overlap);
    }

    public RecurringSchedule withOverlap(boolean overlap) {
        return new RecurringSchedule(jobType, args, cron, zone, missed, overlap);
    }
}
