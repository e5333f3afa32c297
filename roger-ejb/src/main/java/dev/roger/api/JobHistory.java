package dev.roger.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many of an application's jobs ended each minute (spans up to a day) or each hour (longer
 * spans), summed over every instance and, unless {@code queue} names one, over its queues and job
 * types. Every period of the span has a point, idle ones zero, oldest first; the last is the current
 * one, still counting. Counts reach the database every few seconds, so the newest lag a little.
 *
 * @param queue the queue counted, or null for all
 * @param step a minute or an hour
 */
public record JobHistory(String application, String queue, Duration span, Duration step, List<Point> points) {

    public JobHistory {
        points = List.copyOf(points);
    }

    /**
     * One period's counts.
     *
     * @param at when the period starts
     * @param processed runs that succeeded
     * @param failed runs that failed, whatever came next
     * @param retried failed runs that will be retried
     * @param buried failed runs that used their last retry and were buried
     */
    public record Point(Instant at, long processed, long failed, long retried, long buried) {

        public Point plus(Point other) {
            return new Point(
                    at,
                    processed + other.processed,
                    failed + other.failed,
                    retried + other.retried,
                    buried + other.buried);
        }
    }

    /** The counts of the whole span, at its first period. */
    public Point total() {
        Point sum = new Point(points.isEmpty() ? Instant.EPOCH : points.get(0).at(), 0, 0, 0, 0);
        for (Point point : points) {
            sum = sum.plus(point);
        }
        return sum;
    }
}
