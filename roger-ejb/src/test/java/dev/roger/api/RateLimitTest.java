package dev.roger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void readsStartsPerSecondMinuteOrHourAndWritesThemBackTheSameWay() {
        assertEquals(new RateLimit(5, Duration.ofSeconds(1)), RateLimit.parse("5/s"));
        assertEquals(new RateLimit(600, Duration.ofMinutes(1)), RateLimit.parse(" 600 / min "));
        assertEquals(new RateLimit(10000, Duration.ofHours(1)), RateLimit.parse("10000/hour"));
        assertEquals("600/min", RateLimit.parse("600/minute").toString());
        assertEquals("10000/h", RateLimit.parse("10000/h").toString());
    }

    @Test
    void aBadRateLimitIsRefusedNamingWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("5"))
                .getMessage()
                .contains("should look like 5/s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("5/day"))
                .getMessage()
                .contains("unknown period"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("0/s"))
                .getMessage()
                .contains("from 1 to 1000000"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("x/s"))
                .getMessage()
                .contains("'x/s'"));
    }
}
