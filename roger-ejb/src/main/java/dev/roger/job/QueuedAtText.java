package dev.roger.job;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Reads a job message's {@code queuedAt}. Every worker reads one per job, and {@link Instant#parse}
 * (a general ISO-8601 parser) cost a fifth of a no-op job's CPU on the worker thread; so the form
 * {@link Instant#toString} writes, {@code 2026-12-07T18:39:30.123456Z}, is read directly, and anything
 * else still goes through {@link Instant#parse}, which decides what is valid.
 */
final class QueuedAtText {

    private static final int SECONDS_END = "2026-12-07T18:39:30".length();
    private static final int MOST_FRACTION_DIGITS = 9;

    private QueuedAtText() {}

    static Instant parse(String text) throws DateTimeParseException {
        Instant instant = readWrittenForm(text);
        return instant != null ? instant : Instant.parse(text);
    }

    /** The instant in {@code Instant.toString}'s form (4-digit year, UTC); null for any other text. */
    private static Instant readWrittenForm(String text) {
        int length = text.length();
        if (length < SECONDS_END + 1
                || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > SECONDS_END + 1) {
            int fractionDigits = length - SECONDS_END - 2;
            if (text.charAt(SECONDS_END) != '.' || fractionDigits < 1 || fractionDigits > MOST_FRACTION_DIGITS) {
                return null;
            }
            nanos = digits(text, SECONDS_END + 1, length - 1);
            for (int i = fractionDigits; i < MOST_FRACTION_DIGITS && nanos > 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay();
            int secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
            return Instant.ofEpochSecond(days * 86_400 + secondOfDay, nanos);
        } catch (DateTimeException e) {
            // out of range (month 13, hour 24): Instant.parse says why
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}; -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
