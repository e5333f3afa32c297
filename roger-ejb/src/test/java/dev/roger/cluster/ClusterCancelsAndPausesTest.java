package dev.roger.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.application.QueueRef;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterCancelsAndPausesTest {

    @Test
    void aReloadAddsWhatTheDatabaseHoldsAndDropsWhatItNoLongerHolds() {
        ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
        cache.cancelled("app", "old");
        cache.paused("app", "q1");
        ClusterCancelsAndPauses.Snapshot before = cache.snapshot();
        cache.reload(before, Set.of("app/new"), Set.of(new QueueRef("app", "q2")));
        assertTrue(cache.isCancelled("app", "new"));
        assertFalse(cache.isCancelled("app", "old"));
        assertTrue(cache.isPaused("app", "q2"));
        assertFalse(cache.isPaused("app", "q1"));
    }

    @Test
    void aBroadcastThatArrivesDuringTheReloadIsNotUndone() {
        ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
        ClusterCancelsAndPauses.Snapshot before = cache.snapshot();
        // the database was read before this cancel was recorded; its broadcast arrives meanwhile
        cache.cancelled("app", "late");
        cache.paused("app", "late");
        cache.reload(before, Set.of(), Set.of());
        assertTrue(cache.isCancelled("app", "late"));
        assertTrue(cache.isPaused("app", "late"));
    }
}
