package dev.roger.history;

import dev.roger.api.JobHistory;
import dev.roger.cluster.LeaseStore;
import dev.roger.config.HistorySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The job history of the cluster: writes this instance's {@link OutcomeTally} to the shared database
 * every {@link #FLUSH_EVERY} and at {@link #close}, as additive upserts of its minutes and of the hours
 * they fall in; deletes rows older than {@link HistorySettings} in batches of {@link #DELETE_BATCH},
 * on the one instance holding the lease; and reads an application's points.
 */
public final class History implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(History.class.getName());

    static final Duration FLUSH_EVERY = Duration.ofSeconds(5);
    static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(1);
    /** Rows deleted per transaction, so writers meanwhile are not held up. */
    static final int DELETE_BATCH = 500;
    /** Spans up to this (and within the minutes kept) have a point per minute; longer ones a point per hour. */
    public static final Duration LONGEST_BY_MINUTE = Duration.ofDays(1);

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private final OutcomeTally tally;
    private final HistoryStore store;
    private final LeaseStore leases;
    private final HistorySettings settings;
    private final String instance;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private ScheduledFuture<?> flushes;
    private ScheduledFuture<?> cleanUps;

    public History(
            HistoryStore store,
            LeaseStore leases,
            HistorySettings settings,
            String instance,
            ScheduledExecutorService timer,
            LongSupplier clock) {
        this.tally = new OutcomeTally(clock);
        this.store = store;
        this.leases = leases;
        this.settings = settings;
        this.instance = instance;
        this.timer = timer;
        this.clock = clock;
    }

    /** What the workers count into. */
    public OutcomeTally tally() {
        return tally;
    }

    public void start() {
        long flush = FLUSH_EVERY.toMillis();
        flushes = timer.scheduleWithFixedDelay(this::flushQuietly, flush, flush, TimeUnit.MILLISECONDS);
        long cleanUp = CLEAN_UP_EVERY.toMillis();
        cleanUps = timer.scheduleWithFixedDelay(this::cleanUp, cleanUp, cleanUp, TimeUnit.MILLISECONDS);
    }

    /** Writes what was counted; on failure it is counted again, to go with the next write. */
    void flush() {
        List<HistoryRow> minutes = tally.drain();
        if (minutes.isEmpty()) {
            return;
        }
        try {
            store.add(minutes, hours(minutes));
        } catch (RuntimeException e) {
            tally.putBack(minutes);
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not write the job history; trying again in " + FLUSH_EVERY.toSeconds() + " s: "
                            + e.getMessage());
        }
    }

    /** The minutes' counts summed per hour. */
    static List<HistoryRow> hours(List<HistoryRow> minutes) {
        Map<List<Object>, HistoryRow> hours = new HashMap<>();
        for (HistoryRow minute : minutes) {
            HistoryRow hour = minute.at(minute.at() / HOUR.toMillis() * HOUR.toMillis());
            hours.merge(List.of(hour.application(), hour.queue(), hour.type(), hour.at()), hour, HistoryRow::plus);
        }
        return new ArrayList<>(hours.values());
    }

    /** Deletes expired rows, minutes then hours, on the one instance that holds the lease. */
    void cleanUp() {
        try {
            if (!leases.take("history-clean-up", instance, CLEAN_UP_EVERY.multipliedBy(2))) {
                return;
            }
            long now = clock.getAsLong();
            int deleted = deleteBefore(false, now - settings.minutes().toMillis())
                    + deleteBefore(true, now - settings.hours().toMillis());
            if (deleted > 0) {
                LOG.fine(() -> "deleted " + deleted + " expired job history row(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not delete the expired job history; trying again in a minute: " + e.getMessage());
        }
    }

    private int deleteBefore(boolean hourly, long before) {
        int total = 0;
        int deleted;
        do {
            deleted = store.deleteBefore(hourly, before, DELETE_BATCH);
            total += deleted;
        } while (deleted == DELETE_BATCH);
        return total;
    }

    /**
     * The application's points over the span ending now: per minute up to a day (and within the minutes
     * kept), per hour beyond; {@code queue} null for all its queues.
     *
     * @throws IllegalArgumentException when the span is not positive or longer than the hours kept
     */
    public JobHistory read(String application, String queue, Duration span) {
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span " + span + " must be positive");
        }
        if (span.compareTo(settings.hours()) > 0) {
            throw new IllegalArgumentException("span " + span + " is longer than the history kept (" + settings.hours()
                    + ", roger.history.hours)");
        }
        boolean hourly = span.compareTo(LONGEST_BY_MINUTE) > 0 || span.compareTo(settings.minutes()) > 0;
        long step = (hourly ? HOUR : MINUTE).toMillis();
        long count = (span.toMillis() + step - 1) / step;
        long last = clock.getAsLong() / step * step;
        long first = last - (count - 1) * step;
        Map<Long, HistoryRow> rows = new HashMap<>();
        for (HistoryRow row : store.read(application, queue, first, hourly)) {
            rows.put(row.at(), row);
        }
        List<JobHistory.Point> points = new ArrayList<>();
        for (long at = first; at <= last; at += step) {
            HistoryRow row = rows.get(at);
            points.add(
                    row == null
                            ? new JobHistory.Point(Instant.ofEpochMilli(at), 0, 0, 0, 0)
                            : new JobHistory.Point(
                                    Instant.ofEpochMilli(at),
                                    row.processed(),
                                    row.failed(),
                                    row.retried(),
                                    row.buried()));
        }
        return new JobHistory(application, queue, span, Duration.ofMillis(step), points);
    }

    /** Stops the timers and writes what is left (the workers have stopped). */
    @Override
    public void close() {
        if (flushes != null) {
            flushes.cancel(false);
        }
        if (cleanUps != null) {
            cleanUps.cancel(false);
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warning(() -> "the job history of the last " + FLUSH_EVERY.toSeconds() + " s is lost: "
                    + tally.waiting() + " period(s) could not be written at shutdown: " + e.getMessage());
        }
    }
}
