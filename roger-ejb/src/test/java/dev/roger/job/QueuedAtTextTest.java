package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueuedAtTextTest {

    @Test
    void readsEveryInstantAsInstantToStringWroteIt() {
        SplittableRandom random = new SplittableRandom(7);
        long latest = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            // whole seconds, millis, micros and nanos: toString writes 0, 3, 6 or 9 digits
            int nanos = random.nextInt(1_000_000_000);
            nanos -= nanos % new int[] {1_000_000_000, 1_000_000, 1_000, 1}[i % 4];
            Instant instant = Instant.ofEpochSecond(random.nextLong(latest), nanos);
            assertEquals(instant, QueuedAtText.parse(instant.toString()), instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-07T18:39:30.1Z",
                "2026-12-07T18:39:30.12Z",
                "2026-12-07T18:39:30.1234Z",
                "2024-02-29T00:00:00Z",
                "1969-12-31T23:59:59.999999999Z",
                "2026-12-07T18:39:30+01:00",
                "2026-12-07T18:39:30.5-05:30",
                "+12026-12-07T18:39:30Z",
                "2026-12-07T24:00:00Z",
                "2026-12-07T18:39:30.Z"
            })
    void readsWhatInstantParseReads(String text) {
        assertEquals(Instant.parse(text), QueuedAtText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-13-07T18:39:30Z",
                "2023-02-29T00:00:00Z",
                "2026-12-07T18:39:30.1234567890Z",
                "2026-12-07 18:39:30Z",
                "2026-12-07T18:39:3xZ",
                "yesterday",
                ""
            })
    void refusesWhatInstantParseRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(DateTimeParseException.class, () -> QueuedAtText.parse(text));
    }
}
