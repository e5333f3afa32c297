package dev.roger.history;

import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This instance's outcome counts not yet written, per application, queue, job type and minute. Counting
 * is one {@link ConcurrentHashMap#compute} (a lock on one bin of the map, never the database);
 * {@link #drain} takes every entry out with {@code remove}, so a count lands either in what was drained
 * or in a fresh entry, never in between. What a failed write returns with {@link #putBack} is kept while
 * fewer than {@link #MAX_KEYS} keys wait; beyond that it is dropped and counted, so a database away for
 * long cannot fill the heap.
 */
public final class OutcomeTally implements JobListener {

    /** Keys (application, queue, type, minute) kept waiting while writes fail, about 100 bytes each. */
    static final int MAX_KEYS = 100_000;

    private static final long MINUTE = 60_000;

    private record Key(String application, String queue, String type, long minute) {}

    /** Mutated only inside the map's {@code compute}, read only after {@code remove}. */
    private static final class Counts {
        long processed;
        long failed;
        long retried;
        long buried;
    }

    private final ConcurrentHashMap<Key, Counts> counts = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile long dropped;

    public OutcomeTally(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts the ends of runs: succeeded, or failed and retried, buried or failed for good. */
    @Override
    public void changed(JobChange change) {
        JobState to = change.to();
        if (to == JobState.SUCCEEDED) {
            processed(change.application(), change.queue(), change.type());
        } else if (to == JobState.RETRYING || to == JobState.BURIED || to == JobState.FAILED) {
            failed(change.application(), change.queue(), change.type(), to == JobState.RETRYING, to == JobState.BURIED);
        }
    }

    /** A run succeeded. */
    public void processed(String application, String queue, String type) {
        count(application, queue, type, 1, 0, 0, 0);
    }

    /** A run failed and will be retried ({@code retried}), was buried ({@code buried}), or failed for good (neither). */
    public void failed(String application, String queue, String type, boolean retried, boolean buried) {
        count(application, queue, type, 0, 1, retried ? 1 : 0, buried ? 1 : 0);
    }

    private void count(
            String application, String queue, String type, long processed, long failed, long retried, long buried) {
        Key key = new Key(application, queue, type == null ? "" : type, clock.getAsLong() / MINUTE * MINUTE);
        counts.compute(key, (k, c) -> {
            Counts sum = c == null ? new Counts() : c;
            sum.processed += processed;
            sum.failed += failed;
            sum.retried += retried;
            sum.buried += buried;
            return sum;
        });
    }

    /** Takes out everything counted so far, as rows per minute. */
    public List<HistoryRow> drain() {
        List<HistoryRow> rows = new ArrayList<>();
        for (Key key : counts.keySet()) {
            Counts c = counts.remove(key);
            if (c != null) {
                rows.add(new HistoryRow(
                        key.application(),
                        key.queue(),
                        key.type(),
                        key.minute(),
                        c.processed,
                        c.failed,
                        c.retried,
                        c.buried));
            }
        }
        return rows;
    }

    /** Rows a write failed to add: counted again, to be written with the next; dropped when too many keys wait. */
    public void putBack(List<HistoryRow> rows) {
        for (HistoryRow row : rows) {
            if (counts.size() >= MAX_KEYS) {
                dropped += row.processed() + row.failed();
                continue;
            }
            count(row.application(), row.queue(), row.type(), row.at(), row);
        }
    }

    private void count(String application, String queue, String type, long minute, HistoryRow row) {
        counts.compute(new Key(application, queue, type, minute), (k, c) -> {
            Counts sum = c == null ? new Counts() : c;
            sum.processed += row.processed();
            sum.failed += row.failed();
            sum.retried += row.retried();
            sum.buried += row.buried();
            return sum;
        });
    }

    /** Outcomes dropped because writes kept failing. */
    public long dropped() {
        return dropped;
    }

    /** Keys waiting to be written. */
    public int waiting() {
        return counts.size();
    }
}
