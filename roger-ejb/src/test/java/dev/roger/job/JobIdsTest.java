package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTest {

    private final JobIds ids = new JobIds("one key".getBytes(StandardCharsets.UTF_8), () -> 1_700_000_000_000L);

    @Test
    void anIdIsAVersion8UuidThatItsIssuerRecognisesForItsApplication() {
        String id = ids.next("orders");
        assertEquals(8, UUID.fromString(id).version());
        assertEquals(2, UUID.fromString(id).variant());
        assertTrue(ids.issued("orders", id));
        assertFalse(ids.issued("billing", id), "an id is issued for one application");
    }

    @Test
    void anotherClustersIdsAndGuessesAreUnknown() {
        JobIds other = new JobIds("another key".getBytes(StandardCharsets.UTF_8), System::currentTimeMillis);
        assertFalse(ids.issued("orders", other.next("orders")));
        assertFalse(ids.issued("orders", UUID.randomUUID().toString()));
        assertFalse(ids.issued("orders", "not-a-uuid"));
        assertFalse(ids.issued("orders", null));
        assertFalse(ids.issued("orders", ids.next("orders").toUpperCase()), "only the canonical form");
    }

    @Test
    void changingAnyDigitMakesTheIdUnknown() {
        String id = ids.next("orders");
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '-' || i == 14) {
                continue;
            }
            String changed = id.substring(0, i) + (c == '0' ? '1' : '0') + id.substring(i + 1);
            assertFalse(ids.issued("orders", changed), "digit " + i + " of " + id + " changed to " + changed);
        }
    }

    @Test
    void idsIssuedInTheSameMillisecondDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ids.next("orders")));
        }
    }

    @Test
    void anIdTellsWhenItWasIssuedOnlyToItsOwnCluster() {
        JobIds atNoon = new JobIds("a key of the cluster".getBytes(StandardCharsets.UTF_8), () -> 1_764_849_600_123L);
        String id = atNoon.next("orders");
        assertEquals(
                java.util.Optional.of(java.time.Instant.ofEpochMilli(1_764_849_600_123L)),
                atNoon.issuedAt("orders", id));
        assertTrue(atNoon.issuedAt("billing", id).isEmpty());
        assertTrue(atNoon.issuedAt("orders", UUID.randomUUID().toString()).isEmpty());
    }
}
