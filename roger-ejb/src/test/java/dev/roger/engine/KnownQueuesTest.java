package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.UnknownApplicationException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KnownQueuesTest {

    private final Map<String, Set<String>> runningHere = new HashMap<>();
    private final Map<String, Set<String>> inTheDatabase = new HashMap<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final KnownQueues queues = new KnownQueues(
            app -> Optional.ofNullable(runningHere.get(app)),
            app -> {
                reads.incrementAndGet();
                return inTheDatabase.getOrDefault(app, Set.of());
            },
            now::get);

    @Test
    void anApplicationThisInstanceRunsNeedsNoDatabaseRead() {
        runningHere.put("orders", Set.of("default"));

        queues.requireApplication("orders");
        assertTrue(queues.has("orders", "default"));
        assertEquals(0, reads.get());
    }

    @Test
    void anApplicationStartedOnlyElsewhereIsKnownFromTheDatabase() {
        inTheDatabase.put("orders", Set.of("default", "mail"));

        queues.requireApplication("orders");
        assertTrue(queues.has("orders", "mail"));
        assertFalse(queues.has("orders", "other"));
        assertEquals(Set.of("default", "mail"), queues.of("orders"));
    }

    @Test
    void anApplicationNoInstanceStartedIsUnknown() {
        UnknownApplicationException e =
                assertThrows(UnknownApplicationException.class, () -> queues.requireApplication("nobody"));
        assertEquals("application 'nobody' is not started on any instance of the cluster", e.getMessage());
    }

    @Test
    void theDatabaseIsReadAtMostOnceAWhile() {
        inTheDatabase.put("orders", Set.of("default"));
        queues.requireApplication("orders");
        for (int i = 0; i < 100; i++) {
            queues.has("orders", "default");
        }
        assertEquals(1, reads.get());

        now.addAndGet(KnownQueues.FRESH_MILLIS);
        queues.has("orders", "default");
        assertEquals(2, reads.get());
    }

    @Test
    void aQueueAddedElsewhereIsSeenWithinASecond() {
        inTheDatabase.put("orders", Set.of("default"));
        queues.requireApplication("orders");
        inTheDatabase.put("orders", Set.of("default", "mail"));

        assertFalse(queues.has("orders", "mail"), "a miss right after a read does not read again");
        now.addAndGet(KnownQueues.MISS_MILLIS);
        assertTrue(queues.has("orders", "mail"));
    }
}
