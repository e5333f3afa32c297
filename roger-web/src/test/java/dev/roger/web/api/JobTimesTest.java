package dev.roger.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobTimesTest {

    @Test
    void aDelayOfAMillionDigitsIsRefusedByItsLengthBeforeItIsRead() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> JobTimes.delay("9".repeat(1_000_000)));

        assertTrue(refused.getMessage().contains("'delay' is 1000000 characters long"), refused.getMessage());
    }

    @Test
    void anOverlongInstantIsRefusedByItsLength() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> JobTimes.instant("2026-12-01T03:00:00Z" + " ".repeat(40)));

        assertTrue(refused.getMessage().contains("'at' is 60 characters long"), refused.getMessage());
    }

    @Test
    void aDelayPastAnyDateIsRefusedRatherThanOverflowing() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> JobTimes.fromNow(Duration.ofSeconds(Long.MAX_VALUE)));

        assertTrue(refused.getMessage().contains("'delay' is too long"), refused.getMessage());
    }

    @Test
    void ordinaryTimesStillRead() {
        assertEquals(Duration.ofMinutes(10), JobTimes.delay("PT10M"));
        assertEquals(Duration.ofMillis(1500), JobTimes.delay("1.5"));
        assertEquals(
                "2026-12-01T03:00:00Z", JobTimes.instant("2026-12-01T03:00:00Z").toString());
    }
}
