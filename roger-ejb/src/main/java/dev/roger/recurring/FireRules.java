package dev.roger.recurring;

import dev.roger.api.DuplicateJobException;
import dev.roger.api.InvalidJobException;
import dev.roger.api.MissedFires;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.UnknownJobTypeException;
import dev.roger.cron.FireTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiPredicate;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one due time of a schedule does: enqueue its job, or skip it and say why. Times more than
 * {@link #MISSED_AFTER} past were missed (no instance ran): caught up with one job, or skipped, as the
 * schedule says. A schedule that forbids overlap runs its jobs under its own execution key, and a time
 * that finds a job with that key still queued or running is skipped.
 */
final class FireRules implements RecurringStore.Firing {

    private static final Logger LOG = Logger.getLogger(FireRules.class.getName());

    /** A due time this far behind was missed, not merely reached a little late. */
    static final Duration MISSED_AFTER = Duration.ofMinutes(1);

    static final String ENQUEUED = "enqueued";
    static final String OVERLAP = "skipped: the previous run is still queued or running";

    /** Turns a due time into the job id of its fire: the same on every instance. */
    @FunctionalInterface
    interface FireIds {
        String of(String application, String name, long fireAt);
    }

    private final FireEnqueuer enqueuer;
    private final BiPredicate<String, String> inLine;
    private final FireIds ids;
    private final String instance;

    FireRules(FireEnqueuer enqueuer, BiPredicate<String, String> inLine, FireIds ids, String instance) {
        this.enqueuer = enqueuer;
        this.inLine = inLine;
        this.ids = ids;
        this.instance = instance;
    }

    /** The execution key of a schedule's jobs when runs must not overlap. */
    static String executionKey(String name) {
        return "roger-recurring:" + name;
    }

    @Override
    public RecurringStore.Fired fire(RecurringRow due, long now, LongPredicate alreadyFired) {
        FireTimes times;
        try {
            times = FireTimes.parse(due.cron(), FireTimes.zone(due.zone()));
        } catch (IllegalArgumentException e) {
            // stored by an earlier release with other rules: stop it where an operator sees why
            return new RecurringStore.Fired(record(due.nextFire(), now, null, "refused: " + e.getMessage()), -1);
        }
        long fireAt = due.nextFire();
        boolean missed = now - fireAt > MISSED_AFTER.toMillis();
        long next = next(times, missed ? now : fireAt);
        if (alreadyFired.test(fireAt)) {
            return new RecurringStore.Fired(null, next);
        }
        if (missed && MissedFires.valueOf(due.missed()) == MissedFires.SKIP) {
            return new RecurringStore.Fired(
                    record(
                            fireAt,
                            now,
                            null,
                            "skipped: missed while no instance ran, the times from " + Instant.ofEpochMilli(fireAt)
                                    + " on"),
                    next);
        }
        String key = due.overlap() ? null : executionKey(due.name());
        if (key != null && inLine.test(due.application(), key)) {
            return new RecurringStore.Fired(record(fireAt, now, null, OVERLAP), next);
        }
        String jobId = ids.of(due.application(), due.name(), fireAt);
        try {
            enqueuer.enqueue(due.application(), due.jobType(), due.args(), jobId, key);
        } catch (InvalidJobException
                | UnknownJobTypeException
                | UnknownApplicationException
                | DuplicateJobException e) {
            LOG.warning(() -> "recurring job " + due.name() + " of " + due.application()
                    + " could not enqueue its job: " + e.getMessage());
            return new RecurringStore.Fired(record(fireAt, now, null, "refused: " + e.getMessage()), next);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "recurring job " + due.name() + " of " + due.application()
                            + " could not enqueue its job; trying again: " + e.getMessage());
            return null;
        }
        String outcome = missed
                ? "caught up: enqueued once for the times missed from " + Instant.ofEpochMilli(fireAt) + " on"
                : ENQUEUED;
        return new RecurringStore.Fired(record(fireAt, now, jobId, outcome), next);
    }

    /** The next time after {@code after}; -1 when the expression has none left. */
    static long next(FireTimes times, long after) {
        Instant next = times.next(Instant.ofEpochMilli(after));
        return next == null ? -1 : next.toEpochMilli();
    }

    private RecurringFireRow record(long fireAt, long now, String jobId, String outcome) {
        return new RecurringFireRow(fireAt, now, jobId, outcome, instance);
    }
}
