package dev.roger.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.InvalidJobException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HorizonTest {

    private final Horizon tenYears = new Horizon(Duration.ofDays(3650));
    private final Instant now = Instant.parse("2026-12-06T00:00:00Z");

    @Test
    void aTimeWithinTheHorizonIsAccepted() {
        assertDoesNotThrow(() -> tenYears.checkTime(now.plus(Duration.ofDays(3650)), now));
        assertDoesNotThrow(() -> tenYears.checkDelay(Duration.ofDays(3650)));
    }

    @Test
    void aTimeInTheYear300MillionIsRefusedNamingTheSetting() {
        InvalidJobException refused = assertThrows(
                InvalidJobException.class, () -> tenYears.checkTime(Instant.parse("+300000000-01-01T00:00:00Z"), now));

        assertTrue(refused.getMessage().contains("roger.schedule.max-horizon"), refused.getMessage());
    }

    @Test
    void aDelayLongerThanTheHorizonIsRefusedNamingTheSetting() {
        InvalidJobException refused =
                assertThrows(InvalidJobException.class, () -> tenYears.checkDelay(Duration.ofDays(3651)));

        assertTrue(refused.getMessage().contains("roger.schedule.max-horizon"), refused.getMessage());
    }
}
