package dev.roger.recurring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.EnqueueFailedException;
import dev.roger.api.UnknownJobTypeException;
import dev.roger.recurring.RecurringStore.Fired;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FireRulesTest {

    static final long NINE = Instant.parse("2026-12-01T09:00:00Z").toEpochMilli();
    static final long TEN = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

    /** The enqueues FireRules made: job id and execution key. */
    final List<String> enqueued = new ArrayList<>();

    boolean previousRunInLine;
    RuntimeException enqueueFails;

    final FireRules rules = new FireRules(
            new FireEnqueuer() {
                @Override
                public String check(String application, String jobType, Object args) {
                    return "{}";
                }

                @Override
                public void enqueue(String application, String jobType, String args, String jobId, String key) {
                    if (enqueueFails != null) {
                        throw enqueueFails;
                    }
                    enqueued.add(jobId + " " + key);
                }
            },
            (application, key) -> previousRunInLine,
            (application, name, fireAt) -> name + "@" + fireAt,
            "a");

    private static RecurringRow hourly(String missed, boolean overlap, long nextFire) {
        return new RecurringRow(
                "app",
                "hourly",
                "echo",
                "{}",
                "0 * * * *",
                "UTC",
                missed,
                overlap,
                false,
                false,
                nextFire,
                -1,
                null,
                null);
    }

    @Test
    void aDueTimeEnqueuesItsJobAndMovesToTheNextTime() {
        Fired fired = rules.fire(hourly("CATCH_UP", true, TEN), TEN + 20, at -> false);
        assertEquals(List.of("hourly@" + TEN + " null"), enqueued);
        assertEquals("enqueued", fired.fire().outcome());
        assertEquals(TEN, fired.fire().fireAt());
        assertEquals(TEN + 3_600_000, fired.nextFire());
    }

    @Test
    void aTimeLateByLessThanAMinuteIsNotMissedAndTheNextOneFollowsIt() {
        Fired fired = rules.fire(hourly("SKIP", true, NINE), NINE + 50_000, at -> false);
        assertEquals("enqueued", fired.fire().outcome());
        assertEquals(TEN, fired.nextFire());
    }

    @Test
    void timesMissedWhileNoInstanceRanAreCaughtUpWithOneJob() {
        long now = TEN + 5 * 3_600_000 + 60_000; // five hours and a minute after ten
        Fired fired = rules.fire(hourly("CATCH_UP", true, TEN), now, at -> false);
        assertEquals(1, enqueued.size(), "one job for all six missed times");
        assertTrue(fired.fire().outcome().startsWith("caught up"), fired.fire().outcome());
        assertEquals(TEN + 6 * 3_600_000, fired.nextFire(), "the next time after now, not the next missed one");
    }

    @Test
    void timesMissedWhileNoInstanceRanAreSkippedWhenTheScheduleSaysSo() {
        long now = TEN + 5 * 3_600_000 + 60_000;
        Fired fired = rules.fire(hourly("SKIP", true, TEN), now, at -> false);
        assertTrue(enqueued.isEmpty());
        assertNull(fired.fire().jobId());
        assertTrue(
                fired.fire().outcome().startsWith("skipped: missed"),
                fired.fire().outcome());
        assertEquals(TEN + 6 * 3_600_000, fired.nextFire());
    }

    @Test
    void withoutOverlapATimeIsSkippedWhileThePreviousRunIsInLine() {
        previousRunInLine = true;
        Fired fired = rules.fire(hourly("CATCH_UP", false, TEN), TEN, at -> false);
        assertTrue(enqueued.isEmpty());
        assertEquals(FireRules.OVERLAP, fired.fire().outcome());
        assertEquals(TEN + 3_600_000, fired.nextFire());

        previousRunInLine = false;
        rules.fire(hourly("CATCH_UP", false, TEN), TEN, at -> false);
        assertEquals(List.of("hourly@" + TEN + " roger-recurring:hourly"), enqueued, "under the schedule's key");
    }

    @Test
    void withOverlapTheRunningPreviousJobIsNotConsulted() {
        previousRunInLine = true;
        rules.fire(hourly("CATCH_UP", true, TEN), TEN, at -> false);
        assertEquals(1, enqueued.size());
    }

    @Test
    void aTimeThatHasItsFireAlreadyOnlyMovesOn() {
        Fired fired = rules.fire(hourly("CATCH_UP", true, TEN), TEN, at -> at == TEN);
        assertTrue(enqueued.isEmpty());
        assertNull(fired.fire());
        assertEquals(TEN + 3_600_000, fired.nextFire());
    }

    @Test
    void aJobThatCannotBeEnqueuedIsRecordedAndTheScheduleMovesOn() {
        enqueueFails = new UnknownJobTypeException("no job type named 'echo'");
        Fired fired = rules.fire(hourly("CATCH_UP", true, TEN), TEN, at -> false);
        assertEquals("refused: no job type named 'echo'", fired.fire().outcome());
        assertEquals(TEN + 3_600_000, fired.nextFire());
    }

    @Test
    void aTimeTheBrokerDidNotTakeStaysDue() {
        enqueueFails = new EnqueueFailedException("the broker did not confirm the job within 30 s");
        assertNull(rules.fire(hourly("CATCH_UP", true, TEN), TEN, at -> false));
    }
}
