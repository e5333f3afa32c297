package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.UnknownApplicationException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The names an operation may use are checked before anything is looked up for them. */
class NameCheckTest {

    private final AtomicInteger lookups = new AtomicInteger();
    private final NameCheck names = new NameCheck(new KnownQueues(
            app -> {
                lookups.incrementAndGet();
                return app.equals("orders") ? Optional.of(Set.of("default")) : Optional.empty();
            },
            app -> Set.of(),
            () -> 0));

    @Test
    void aQueueSomeInstanceStartedIsKnown() {
        assertTrue(names.hasQueue("orders", "default"));
        assertDoesNotThrow(() -> names.requireQueue("orders", "default"));
    }

    @Test
    void anotherQueueOfTheVirtualHostIsUnknown() {
        assertFalse(names.hasQueue("orders", "other"));
        UnknownApplicationException e =
                assertThrows(UnknownApplicationException.class, () -> names.requireQueue("orders", "other"));
        assertEquals("no queue 'other' of application 'orders'", e.getMessage());
    }

    @Test
    void namesThatBreakTheRuleAreNotLookedUp() {
        assertFalse(names.hasQueue("orders", "v2-events"));
        assertFalse(names.hasQueue("ord-ers", "default"));
        assertFalse(names.hasQueue(null, "default"));
        assertEquals(0, lookups.get());
    }

    @Test
    void anApplicationNameThatBreaksTheRuleIsUnknown() {
        UnknownApplicationException e =
                assertThrows(UnknownApplicationException.class, () -> NameCheck.requireApplicationName("a-b"));
        assertEquals("no application 'a-b' (names are 1 to 100 letters, digits or underscores)", e.getMessage());
        assertDoesNotThrow(() -> NameCheck.requireApplicationName("orders"));
    }
}
