package dev.roger.api;

import java.time.Duration;
import java.util.Locale;

/**
 * At most {@code starts} jobs started per {@code period} (a second, a minute or an hour), cluster-wide:
 * written {@code 5/s}, {@code 600/min}, {@code 10000/h}.
 */
public record RateLimit(int starts, Duration period) {

    /** The most starts a limit allows per period. */
    public static final int MOST_STARTS = 1_000_000;

    public RateLimit {
        if (starts < 1 || starts > MOST_STARTS) {
            throw new IllegalArgumentException(
                    "a rate limit allows 1 to " + MOST_STARTS + " starts per period, not " + starts);
        }
        if (!period.equals(Duration.ofSeconds(1))
                && !period.equals(Duration.ofMinutes(1))
                && !period.equals(Duration.ofHours(1))) {
            throw new IllegalArgumentException("a rate limit's period is a second, a minute or an hour, not " + period);
        }
    }

    /**
     * Reads {@code 5/s}, {@code 600/min} or {@code 10000/h} ({@code sec}, {@code second}, {@code m},
     * {@code minute}, {@code hour} too).
     *
     * @throws IllegalArgumentException saying what is wrong, naming the text
     */
    public static RateLimit parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("rate limit '" + trimmed + "' should look like 5/s, 600/min or 10000/h");
        }
        Duration period = switch (trimmed.substring(slash + 1).trim().toLowerCase(Locale.ROOT)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            default ->
                throw new IllegalArgumentException(
                        "rate limit '" + trimmed + "' has an unknown period: use s, min or h (5/s, 600/min, 10000/h)");
        };
        int starts;
        try {
            starts = Integer.parseInt(trimmed.substring(0, slash).trim());
        } catch (NumberFormatException e) {
            starts = -1;
        }
        if (starts < 1 || starts > MOST_STARTS) {
            throw new IllegalArgumentException("rate limit '" + trimmed
                    + "' must allow a whole number of starts from 1 to " + MOST_STARTS + " per period");
        }
        return new RateLimit(starts, period);
    }

    /** The same text {@link #parse} reads: {@code 5/s}, {@code 600/min}, {@code 10000/h}. */
    @Override
    public String toString() {
        String unit = period.equals(Duration.ofSeconds(1)) ? "s" : period.equals(Duration.ofMinutes(1)) ? "min" : "h";
        return starts + "/" + unit;
    }
}
