package dev.roger.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;

/**
 * When a cron expression fires in a time zone. Five fields (minute hour day-of-month month
 * day-of-week, as crontab) or six with seconds first.
 *
 * <p>Daylight saving, as cron does it: an expression whose hour field is {@code *} runs by the time
 * that passes (every 5 minutes stays every 5 minutes: it fires in both passes of a repeated hour and
 * simply has no times in a skipped one). Any other expression names times of the wall clock: in a
 * repeated hour it fires in the first pass only, and a time in a skipped hour fires at the end of the
 * gap (02:30 on the night the clock jumps from 02:00 to 03:00 fires at 03:00), once.
 */
public final class FireTimes {

    private static final CronDefinition FIVE_FIELDS = definition(false);
    private static final CronDefinition SIX_FIELDS = definition(true);

    /** Crontab's fields (Sunday is 0 or 7; a day matches when day-of-month or day-of-week does), seconds first if asked. */
    private static CronDefinition definition(boolean seconds) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron();
        if (seconds) {
            builder = builder.withSeconds()
                    .withValidRange(0, 59)
                    .withStrictRange()
                    .and();
        }
        return builder.withMinutes()
                .withValidRange(0, 59)
                .withStrictRange()
                .and()
                .withHours()
                .withValidRange(0, 23)
                .withStrictRange()
                .and()
                .withDayOfMonth()
                .withValidRange(1, 31)
                .withStrictRange()
                .and()
                .withMonth()
                .withValidRange(1, 12)
                .withStrictRange()
                .and()
                .withDayOfWeek()
                .withValidRange(0, 7)
                .withMondayDoWValue(1)
                .withIntMapping(7, 0)
                .withStrictRange()
                .and()
                .matchDayOfWeekAndDayOfMonth()
                .instance();
    }

    /** Enough for any expression that fires at all; a bound so that one that never does cannot loop. */
    private static final int MOST_SKIPPED = 10_000;

    private final String expression;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final ExecutionTime wallClock;
    private final boolean byElapsedTime;

    private FireTimes(String expression, ZoneId zone, Cron cron) {
        this.expression = expression;
        this.zone = zone;
        this.rules = zone.getRules();
        this.wallClock = ExecutionTime.forCron(cron);
        this.byElapsedTime = cron.retrieve(CronFieldName.HOUR).getExpression() instanceof Always;
    }

    /**
     * @throws IllegalArgumentException naming the expression and what is wrong with it, also when it
     *     can never fire (the 30th of February)
     */
    public static FireTimes parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the cron expression is empty");
        }
        String trimmed = expression.trim().replaceAll("\\s+", " ");
        int fields = trimmed.split(" ").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields
                    + " fields; give five (minute hour day-of-month month day-of-week) or six with seconds first");
        }
        Cron cron;
        try {
            cron = new CronParser(fields == 5 ? FIVE_FIELDS : SIX_FIELDS)
                    .parse(trimmed)
                    .validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "cron expression '" + expression + "' is not valid: " + e.getMessage(), e);
        }
        FireTimes times = new FireTimes(trimmed, zone, cron);
        if (times.next(Instant.now()) == null) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
        }
        return times;
    }

    /** Parses a time zone id ({@code Europe/Amsterdam}, {@code UTC}, {@code +02:00}). */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time zone '" + id + "' is not known: " + e.getMessage(), e);
        }
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first fire strictly after {@code after}; null when there is none (within the next years). */
    public Instant next(Instant after) {
        return byElapsedTime ? nextByElapsedTime(after) : nextByWallClock(after);
    }

    /** The wall-clock times in each stretch of one offset; at each change of offset, on from there. */
    private Instant nextByElapsedTime(Instant after) {
        Instant from = after;
        ZoneOffset offset = rules.getOffset(after);
        LocalDateTime start = after.atOffset(offset).toLocalDateTime();
        for (int i = 0; i < MOST_SKIPPED; i++) {
            LocalDateTime candidate = nextWallClockTime(start);
            if (candidate == null) {
                return null;
            }
            Instant at = candidate.toInstant(offset);
            ZoneOffsetTransition change = rules.nextTransition(from);
            if (change == null || at.isBefore(change.getInstant())) {
                return at;
            }
            from = change.getInstant();
            offset = change.getOffsetAfter();
            start = change.getDateTimeAfter().minusNanos(1);
        }
        return null;
    }

    private Instant nextByWallClock(Instant after) {
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        for (int i = 0; i < MOST_SKIPPED; i++) {
            LocalDateTime candidate = nextWallClockTime(cursor);
            if (candidate == null) {
                return null;
            }
            ZoneOffsetTransition change = rules.getTransition(candidate);
            Instant at;
            if (change == null) {
                at = candidate.atZone(zone).toInstant();
            } else if (change.isGap()) {
                at = change.getInstant(); // the end of the gap: the first instant of the new offset
            } else {
                at = candidate.toInstant(change.getOffsetBefore()); // the first pass of a repeated hour
            }
            if (at.isAfter(after)) {
                return at;
            }
            cursor = candidate;
        }
        return null;
    }

    /** The expression's next wall-clock time after {@code local}, on a calendar without offsets. */
    private LocalDateTime nextWallClockTime(LocalDateTime local) {
        Optional<ZonedDateTime> next = wallClock.nextExecution(local.atZone(ZoneOffset.UTC));
        return next.map(ZonedDateTime::toLocalDateTime).orElse(null);
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
