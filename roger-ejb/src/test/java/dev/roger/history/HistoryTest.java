package dev.roger.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.JobHistory;
import dev.roger.config.HistorySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static final long HOUR = 3_600_000;

    /** Keeps what is added; reads back the minutes or hours summed per period, like the database. */
    private static final class MemoryStore implements HistoryStore {
        final List<HistoryRow> minutes = new ArrayList<>();
        final List<HistoryRow> hours = new ArrayList<>();
        boolean away;

        @Override
        public void add(List<HistoryRow> m, List<HistoryRow> h) {
            if (away) {
                throw new IllegalStateException("away (test)");
            }
            minutes.addAll(m);
            hours.addAll(h);
        }

        @Override
        public List<HistoryRow> read(String application, String queue, long from, boolean hourly) {
            return (hourly ? hours : minutes)
                    .stream()
                            .filter(r -> r.application().equals(application) && r.at() >= from)
                            .filter(r -> queue == null || queue.equals(r.queue()))
                            .toList();
        }

        @Override
        public int deleteBefore(boolean hourly, long before, int limit) {
            return 0;
        }
    }

    private final AtomicLong now = new AtomicLong(100 * HOUR + 30 * 60_000 + 10_000);
    private final MemoryStore store = new MemoryStore();
    private final History history =
            new History(store, (name, holder, ttl) -> true, HistorySettings.DEFAULTS, "a", null, now::get);

    @Test
    void aFlushWritesTheMinutesAndTheHoursTheyFallIn() {
        history.tally().processed("app", "default", "echo");
        now.addAndGet(60_000);
        history.tally().failed("app", "default", "echo", true, false);
        history.flush();

        assertEquals(2, store.minutes.size());
        assertEquals(List.of(new HistoryRow("app", "default", "echo", 100 * HOUR, 1, 1, 1, 0)), store.hours);
    }

    @Test
    void countsAFailedFlushCouldNotWriteGoWithTheNext() {
        history.tally().processed("app", "default", "echo");
        store.away = true;
        assertThrows(IllegalStateException.class, history::flush);
        store.away = false;
        history.flush();
        assertEquals(1, store.minutes.get(0).processed());
    }

    @Test
    void anHourHasAPointPerMinuteAndAWeekAPointPerHourEndingWithTheCurrentOne() {
        history.tally().processed("app", "default", "echo");
        history.flush();

        JobHistory hour = history.read("app", null, Duration.ofHours(1));
        assertEquals(60, hour.points().size());
        assertEquals(Duration.ofMinutes(1), hour.step());
        JobHistory.Point last = hour.points().get(59);
        assertEquals(Instant.ofEpochMilli(100 * HOUR + 30 * 60_000), last.at());
        assertEquals(1, last.processed());
        assertEquals(1, hour.total().processed());

        assertEquals(
                1440, history.read("app", null, Duration.ofDays(1)).points().size());
        JobHistory week = history.read("app", null, Duration.ofDays(7));
        assertEquals(168, week.points().size());
        assertEquals(Duration.ofHours(1), week.step());
        assertEquals(1, week.points().get(167).processed());
        assertTrue(week.points().subList(0, 167).stream().allMatch(p -> p.processed() == 0));
    }

    @Test
    void aSpanThatIsNotPositiveOrLongerThanTheHistoryKeptIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> history.read("app", null, Duration.ZERO));
        IllegalArgumentException tooLong =
                assertThrows(IllegalArgumentException.class, () -> history.read("app", null, Duration.ofDays(31)));
        assertTrue(tooLong.getMessage().contains("roger.history.hours"), tooLong.getMessage());
    }
}
