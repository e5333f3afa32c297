package dev.roger.history;

/**
 * Counts of one application's queue and job type in one period (a minute or an hour, by the epoch
 * millisecond it starts at): added to what the database holds, or read from it.
 */
public record HistoryRow(
        String application,
        String queue,
        String type,
        long at,
        long processed,
        long failed,
        long retried,
        long buried) {

    /** The same counts in another period (the hour a minute belongs to). */
    public HistoryRow at(long period) {
        return new HistoryRow(application, queue, type, period, processed, failed, retried, buried);
    }

    /** Both rows' counts; the key is this row's. */
    public HistoryRow plus(HistoryRow other) {
        return new HistoryRow(
                application,
                queue,
                type,
                at,
                processed + other.processed,
                failed + other.failed,
                retried + other.retried,
                buried + other.buried);
    }
}
