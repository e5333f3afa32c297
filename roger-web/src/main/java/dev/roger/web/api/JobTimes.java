package dev.roger.web.api;

import dev.roger.api.EnqueueOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * When a job may run, as requests give it: {@code "at"} an ISO-8601 instant, or {@code "delay"} in
 * seconds (a number) or an ISO-8601 duration ({@code "PT10M"}). The admin page's form reads the same.
 */
public final class JobTimes {

    private JobTimes() {}

    /** The options with the time or the delay given (either, not both); both null keeps them as they are. */
    public static EnqueueOptions apply(EnqueueOptions options, String at, String delay) {
        if (at != null && delay != null) {
            throw new IllegalArgumentException("give 'at' or 'delay', not both");
        }
        if (at != null) {
            return options.withTime(instant(at));
        }
        if (delay != null) {
            return options.withDelay(delay(delay));
        }
        return options;
    }

    /** Longer text is no time anyone means, and a number of a million digits costs minutes to read. */
    static final int LONGEST_AT = 40;

    static final int LONGEST_DELAY = 30;

    public static Instant instant(String at) {
        if (at.length() > LONGEST_AT) {
            throw new IllegalArgumentException(
                    "'at' is " + at.length() + " characters long; an instant has at most " + LONGEST_AT);
        }
        try {
            return Instant.parse(at.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'at' must be an ISO-8601 instant such as 2026-12-01T03:00:00Z, not '" + brief(at) + "'");
        }
    }

    /** Seconds (a number, fractions allowed) or an ISO-8601 duration; never negative. */
    public static Duration delay(String delay) {
        if (delay.length() > LONGEST_DELAY) {
            throw new IllegalArgumentException(
                    "'delay' is " + delay.length() + " characters long; a delay has at most " + LONGEST_DELAY);
        }
        String text = delay.trim();
        Duration duration;
        try {
            duration = text.startsWith("P") || text.startsWith("p")
                    ? Duration.parse(text)
                    : Duration.ofMillis(new BigDecimal(text).movePointRight(3).longValueExact());
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'delay' must be seconds (a number) or an ISO-8601 duration such as"
                    + " PT10M, not '" + brief(delay) + "'");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'delay' must not be negative, not '" + brief(delay) + "'");
        }
        return duration;
    }

    /** The time a delay from now comes to; a delay too long for any calendar is refused as such. */
    public static Instant fromNow(Duration delay) {
        try {
            return Instant.now().plus(delay);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("'delay' is too long: it ends past any date a job can run at");
        }
    }

    private static String brief(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
