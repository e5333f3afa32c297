package dev.roger.history;

import java.util.List;

/**
 * The job history: counts per application, queue, job type and minute, and per hour, summed over
 * every instance. Rows exist only for periods with an outcome.
 */
public interface HistoryStore {

    /** Adds the counts to the rows of their minute ({@code minutes}) and hour ({@code hours}), in one transaction. */
    void add(List<HistoryRow> minutes, List<HistoryRow> hours);

    /**
     * The application's rows from {@code from} (inclusive), by period; {@code hourly} picks the table,
     * {@code queue} null means every queue. Summed over queues and types when {@code queue} is null.
     */
    List<HistoryRow> read(String application, String queue, long from, boolean hourly);

    /** Deletes up to {@code limit} rows older than {@code before} from the minute or hour table; returns how many. */
    int deleteBefore(boolean hourly, long before, int limit);
}
