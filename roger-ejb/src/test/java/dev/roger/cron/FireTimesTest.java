package dev.roger.cron;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FireTimesTest {

    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<Instant> fires(String cron, ZoneId zone, String from, int count) {
        FireTimes times = FireTimes.parse(cron, zone);
        List<Instant> fires = new ArrayList<>();
        Instant at = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            at = times.next(at);
            fires.add(at);
        }
        return fires;
    }

    @Test
    void aFixedTimeFiresOnceInTheRepeatedHourAtFallBackInAmsterdam() {
        // 25 October 2026: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice
        assertEquals(
                List.of(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z")),
                fires("30 2 * * *", AMSTERDAM, "2026-10-24T12:00:00Z", 2));
    }

    @Test
    void aFixedTimeInTheSkippedHourFiresAtTheEndOfTheGapInAmsterdam() {
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist; it fires at 03:00 CEST
        assertEquals(
                List.of(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z")),
                fires("30 2 * * *", AMSTERDAM, "2026-03-28T12:00:00Z", 2));
    }

    @Test
    void severalTimesInTheSkippedHourFireOnceAtTheEndOfTheGap() {
        assertEquals(
                List.of(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T01:30:00Z")),
                fires("0,30 2,3 * * *", AMSTERDAM, "2026-03-28T23:00:00Z", 2));
    }

    @Test
    void aFixedTimeFiresOnceInTheRepeatedHourAtFallBackInNewYork() {
        // 1 November 2026: 02:00 EDT goes back to 01:00 EST, so 01:00 to 02:00 happens twice
        assertEquals(
                List.of(Instant.parse("2026-11-01T05:15:00Z"), Instant.parse("2026-11-02T06:15:00Z")),
                fires("15 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2));
    }

    @Test
    void aFixedTimeInTheSkippedHourFiresAtTheEndOfTheGapInNewYork() {
        // 8 March 2026: 02:00 EST jumps to 03:00 EDT
        assertEquals(
                List.of(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-09T06:45:00Z")),
                fires("45 2 * * *", NEW_YORK, "2026-03-07T12:00:00Z", 2));
    }

    private static void assertEvery(Duration interval, List<Instant> fires) {
        for (int i = 1; i < fires.size(); i++) {
            assertEquals(
                    interval,
                    Duration.between(fires.get(i - 1), fires.get(i)),
                    "between " + fires.get(i - 1) + " and " + fires.get(i));
        }
    }

    @Test
    void anIntervalKeepsItsIntervalThroughFallBack() {
        List<Instant> fires = fires("*/5 * * * *", AMSTERDAM, "2026-10-24T23:50:00Z", 48);
        assertEquals(Instant.parse("2026-10-24T23:55:00Z"), fires.get(0));
        assertEvery(Duration.ofMinutes(5), fires);
        assertTrue(fires.contains(Instant.parse("2026-10-25T00:30:00Z")), "02:30 CEST");
        assertTrue(fires.contains(Instant.parse("2026-10-25T01:30:00Z")), "and 02:30 CET, an hour later");
    }

    @Test
    void anIntervalKeepsItsIntervalThroughSpringForward() {
        List<Instant> fires = fires("*/5 * * * *", NEW_YORK, "2026-03-08T06:00:00Z", 36);
        assertEvery(Duration.ofMinutes(5), fires);
        fires = fires("*/5 * * * *", AMSTERDAM, "2026-03-29T00:00:00Z", 36);
        assertEvery(Duration.ofMinutes(5), fires);
    }

    @Test
    void anHourlyJobFiresEveryHourThroughBothTransitions() {
        assertEvery(Duration.ofHours(1), fires("0 * * * *", AMSTERDAM, "2026-10-24T22:30:00Z", 6));
        assertEvery(Duration.ofHours(1), fires("0 * * * *", AMSTERDAM, "2026-03-28T22:30:00Z", 6));
    }

    @Test
    void sixFieldsHaveSecondsFirst() {
        assertEquals(
                List.of(
                        Instant.parse("2026-12-01T10:00:02Z"),
                        Instant.parse("2026-12-01T10:00:04Z"),
                        Instant.parse("2026-12-01T10:00:06Z")),
                fires("*/2 * * * * *", ZoneOffset.UTC, "2026-12-01T10:00:00.500Z", 3));
    }

    @Test
    void fiveFieldsAreCrontabsWithSundayAsZeroOrSeven() {
        // 6 December 2026 is a Sunday
        assertEquals(
                List.of(Instant.parse("2026-12-06T03:00:00Z")),
                fires("0 3 * * 0", ZoneOffset.UTC, "2026-12-01T00:00:00Z", 1));
        assertEquals(
                List.of(Instant.parse("2026-12-06T03:00:00Z")),
                fires("0 3 * * 7", ZoneOffset.UTC, "2026-12-01T00:00:00Z", 1));
        assertEquals(
                List.of(Instant.parse("2026-12-04T03:00:00Z")),
                fires("0 3 * * FRI", ZoneOffset.UTC, "2026-12-01T00:00:00Z", 1));
    }

    @Test
    void aBadExpressionIsRefusedWithAMessageThatNamesIt() {
        for (String bad : List.of("61 * * * *", "* * *", "every day", "* * * * * * *", "0 25 * * *")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> FireTimes.parse(bad, ZoneOffset.UTC), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FireTimes.parse(" ", ZoneOffset.UTC))
                .getMessage()
                .contains("empty"));
    }

    @Test
    void anExpressionThatNeverFiresIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> FireTimes.parse("0 0 30 2 *", ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("never fires"), e.getMessage());
    }

    @Test
    void anUnknownZoneIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FireTimes.zone("Mars/Base"));
        assertTrue(e.getMessage().contains("'Mars/Base'"), e.getMessage());
    }
}
