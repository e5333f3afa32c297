package dev.roger.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.application.QueueCounts.Counts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The queue counts are one snapshot for all readers, at most two seconds old, counted in the background while watched. */
class QueueCountsTest {

    private static final long WAIT_SECONDS = 10;

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);
    private final List<String> queues = new CopyOnWriteArrayList<>(List.of("app-default"));
    private final AtomicInteger rounds = new AtomicInteger();
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /** Each round of counting says which round it was in its message count. */
    private final QueueCounts counts = new QueueCounts(
            () -> List.copyOf(queues),
            wanted -> {
                int round = rounds.incrementAndGet();
                entered.countDown();
                await(release);
                Map<String, Counts> counted = new HashMap<>();
                wanted.forEach(q -> counted.put(q, new Counts(round, 1)));
                return counted;
            },
            clock::get);

    private void advance(double seconds) {
        clock.addAndGet((long) (seconds * 1e9));
    }

    @Test
    void readersWithinTheBoundShareTheLastCountAndALaterReaderCountsAgain() {
        Map<String, Counts> first = counts.read();
        assertEquals(new Counts(1, 1), first.get("app-default"));
        advance(1.5);
        assertSame(first, counts.read(), "1.5 s later: the same snapshot, no broker round trip");
        advance(0.6);
        assertEquals(new Counts(2, 1), counts.read().get("app-default"), "older than 2 s: counted again");
        assertEquals(2, rounds.get());
    }

    @Test
    void aQueueStartedSinceTheLastCountIsCountedAtOnce() {
        counts.read();
        queues.add("app-other");
        assertEquals(new Counts(2, 1), counts.read().get("app-other"));
    }

    @Test
    void concurrentReadersWaitForOneCountAndShareIt() throws Exception {
        entered = new CountDownLatch(1);
        release = new CountDownLatch(1);
        List<Map<String, Counts>> results = new CopyOnWriteArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread reader = new Thread(() -> results.add(counts.read()));
            readers.add(reader);
            reader.start();
        }
        assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "one reader counts");
        assertTrue(waitUntilBlocked(readers, 3), "the three others wait for its result");
        release.countDown();
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
        assertEquals(4, results.size());
        assertEquals(1, rounds.get(), "one count for four readers");
        results.forEach(result -> assertSame(results.get(0), result));
    }

    @Test
    void theBackgroundCountsOnlyWhileSomeoneLookedWithinAMinuteSoReadersNeverWait() {
        counts.refreshIfWatched();
        assertEquals(0, rounds.get(), "nobody looked: no broker round trip");
        counts.read();
        for (int i = 0; i < 5; i++) {
            advance(QueueCounts.REFRESH.toMillis() / 1000.0);
            counts.refreshIfWatched();
        }
        assertEquals(6, rounds.get());
        advance(1.5);
        assertEquals(new Counts(6, 1), counts.read().get("app-default"), "the refresh counted ahead of the reader");
        assertEquals(6, rounds.get());

        advance(QueueCounts.WATCH.toSeconds() + 1);
        counts.refreshIfWatched();
        assertEquals(6, rounds.get(), "nobody looked for a minute: the background rests");
    }

    private static boolean waitUntilBlocked(List<Thread> threads, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (threads.stream()
                            .filter(t -> t.getState() == Thread.State.BLOCKED)
                            .count()
                    == count) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
