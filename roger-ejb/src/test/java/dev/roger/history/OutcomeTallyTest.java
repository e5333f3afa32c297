package dev.roger.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutcomeTallyTest {

    private final AtomicLong now = new AtomicLong(60_000 * 10 + 5_000);
    private final OutcomeTally tally = new OutcomeTally(now::get);

    private static List<HistoryRow> sorted(List<HistoryRow> rows) {
        List<HistoryRow> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(HistoryRow::queue).thenComparingLong(HistoryRow::at));
        return copy;
    }

    @Test
    void outcomesAreCountedPerQueueTypeAndMinute() {
        tally.processed("app", "default", "echo");
        tally.processed("app", "default", "echo");
        tally.failed("app", "default", "echo", true, false);
        tally.failed("app", "default", "echo", false, true);
        tally.failed("app", "default", "echo", false, false);
        tally.processed("app", "bulk", "echo");
        now.addAndGet(60_000);
        tally.processed("app", "default", "echo");

        assertEquals(
                List.of(
                        new HistoryRow("app", "bulk", "echo", 600_000, 1, 0, 0, 0),
                        new HistoryRow("app", "default", "echo", 600_000, 2, 3, 1, 1),
                        new HistoryRow("app", "default", "echo", 660_000, 1, 0, 0, 0)),
                sorted(tally.drain()));
        assertTrue(tally.drain().isEmpty(), "drained once");
    }

    @Test
    void whatAFailedWriteReturnsIsWrittenWithTheNext() {
        tally.processed("app", "default", "echo");
        List<HistoryRow> first = tally.drain();
        tally.processed("app", "default", "echo");
        tally.putBack(first);
        assertEquals(List.of(new HistoryRow("app", "default", "echo", 600_000, 2, 0, 0, 0)), tally.drain());
    }

    @Test
    void noCountIsLostWhileWorkersCountAndTheWriterDrains() throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        List<HistoryRow> drained = new ArrayList<>();
        try {
            List<Future<?>> counting = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                counting.add(workers.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        tally.processed("app", "q" + (i % 3), "echo");
                    }
                }));
            }
            while (!counting.stream().allMatch(Future::isDone)) {
                drained.addAll(tally.drain());
            }
            for (Future<?> c : counting) {
                c.get(30, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        drained.addAll(tally.drain());
        assertEquals(200_000, drained.stream().mapToLong(HistoryRow::processed).sum());
    }

    @Test
    void putBackStopsKeepingCountsBeyondItsBoundAndCountsTheDropped() {
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 0; i < OutcomeTally.MAX_KEYS + 10; i++) {
            rows.add(new HistoryRow("app", "default", "t" + i, 0, 1, 1, 0, 0));
        }
        tally.putBack(rows);
        assertEquals(OutcomeTally.MAX_KEYS, tally.waiting());
        assertEquals(20, tally.dropped());
    }
}
