package dev.roger.quota;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.QuotaExceededException;
import dev.roger.config.QuotaSettings;
import dev.roger.config.QuotaSettings.Quota;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuotasTest {

    /** Counts set by the test, and how often they were read. */
    static final class SetCounts implements Quotas.Counter {
        final Map<String, Long> waiting = new HashMap<>();
        final Map<String, Long> parked = new HashMap<>();
        int reads;

        @Override
        public long waiting(String application) {
            reads++;
            return waiting.getOrDefault(application, 0L);
        }

        @Override
        public long parked(String application) {
            reads++;
            return parked.getOrDefault(application, 0L);
        }
    }

    private final SetCounts counts = new SetCounts();
    private final AtomicLong now = new AtomicLong(1_000_000);

    private Quotas quotas(QuotaSettings settings) {
        return new Quotas(settings, counts, now::get);
    }

    @Test
    void anApplicationWithoutAQuotaIsNeverCounted() {
        quotas(new QuotaSettings(Map.of("billing", new Quota(5, 0)), Quota.NONE))
                .check("shop");
        assertEquals(0, counts.reads);
    }

    @Test
    void anApplicationAtItsWaitingQuotaIsRefusedWithTheQuotaNamed() {
        counts.waiting.put("billing", 5L);
        QuotaExceededException e = assertThrows(
                QuotaExceededException.class,
                () -> quotas(new QuotaSettings(Map.of("billing", new Quota(5, 0)), Quota.NONE))
                        .check("billing"));
        assertEquals("waiting", e.quota());
        assertTrue(e.getMessage().contains("5 jobs waiting") && e.getMessage().contains("quota of 5"), e.getMessage());
    }

    @Test
    void anApplicationBelowItsQuotasIsLetThrough() {
        counts.waiting.put("billing", 4L);
        counts.parked.put("billing", 9L);
        assertDoesNotThrow(() -> quotas(new QuotaSettings(Map.of("billing", new Quota(5, 10)), Quota.NONE))
                .check("billing"));
    }

    @Test
    void parkedAndBuriedJobsAtTheirQuotaRefuseTheEnqueue() {
        counts.parked.put("billing", 10L);
        QuotaExceededException e = assertThrows(
                QuotaExceededException.class,
                () -> quotas(new QuotaSettings(Map.of("billing", new Quota(0, 10)), Quota.NONE))
                        .check("billing"));
        assertEquals("parked", e.quota());
    }

    @Test
    void everyApplicationNotNamedHasTheStarsQuota() {
        counts.waiting.put("shop", 3L);
        Quotas quotas = quotas(new QuotaSettings(Map.of("billing", new Quota(100, 0)), new Quota(3, 0)));
        assertThrows(QuotaExceededException.class, () -> quotas.check("shop"));
        counts.waiting.put("billing", 3L);
        assertDoesNotThrow(() -> quotas.check("billing"));
    }

    @Test
    void countsAreUsedForTwoSecondsThenTakenAgain() {
        Quotas quotas = quotas(new QuotaSettings(Map.of("billing", new Quota(5, 0)), Quota.NONE));
        counts.waiting.put("billing", 4L);
        quotas.check("billing");
        counts.waiting.put("billing", 5L);
        now.addAndGet(Quotas.MAX_AGE.toMillis() - 1);
        assertDoesNotThrow(() -> quotas.check("billing"), "the counts of 2 s ago still decide");
        assertEquals(1, counts.reads, "one count so far (parked has no bound here)");
        now.addAndGet(1);
        assertThrows(QuotaExceededException.class, () -> quotas.check("billing"));
        assertEquals(2, counts.reads);
    }
}
