package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's progress reaches its record at most once a second, the latest report winning, never after the run. */
class ProgressThrottleTest {

    private long now = 1_000_000_000L;
    private final List<String> written = new ArrayList<>();
    private final List<Delayed> delayed = new ArrayList<>();
    private final ProgressThrottle throttle = new ProgressThrottle(
            Duration.ofSeconds(1), () -> now, (percent, message) -> written.add(percent + " " + message), this::after);

    private record Delayed(long millis, Runnable task, boolean[] cancelled) {}

    private Runnable after(long millis, Runnable task) {
        boolean[] cancelled = {false};
        delayed.add(new Delayed(millis, task, cancelled));
        return () -> cancelled[0] = true;
    }

    private void advanceMillis(long millis) {
        now += Duration.ofMillis(millis).toNanos();
    }

    /** Runs the delayed writes that were not cancelled, as the timer would when their time comes. */
    private void runDelayed() {
        List<Delayed> due = new ArrayList<>(delayed);
        delayed.clear();
        due.stream().filter(d -> !d.cancelled()[0]).forEach(d -> d.task().run());
    }

    @Test
    void theFirstReportIsWrittenAtOnce() {
        throttle.report(10, "first");

        assertEquals(List.of("10 first"), written);
        assertTrue(delayed.isEmpty());
    }

    @Test
    void reportsWithinTheSecondAreWrittenOnceAtItsEndWithTheLatest() {
        throttle.report(10, "first");
        advanceMillis(200);
        throttle.report(20, "second");
        advanceMillis(200);
        throttle.report(30, "third");

        assertEquals(List.of("10 first"), written, "nothing more within the second");
        assertEquals(1, delayed.size(), "one write waits for the end of the second");
        assertTrue(
                delayed.get(0).millis() >= 800 && delayed.get(0).millis() <= 801,
                "from the second report, it waits for the rest of the second: "
                        + delayed.get(0).millis());

        advanceMillis(600);
        runDelayed();
        assertEquals(List.of("10 first", "30 third"), written);
    }

    @Test
    void aReportASecondAfterTheLastWriteIsWrittenAtOnce() {
        throttle.report(10, "first");
        advanceMillis(1_000);
        throttle.report(50, "later");

        assertEquals(List.of("10 first", "50 later"), written);
        assertTrue(delayed.isEmpty());
    }

    @Test
    void aWriteStillWaitingWhenTheRunEndsIsDropped() {
        throttle.report(10, "first");
        advanceMillis(100);
        throttle.report(90, "almost");
        throttle.end();
        runDelayed();
        throttle.report(100, "after the end");

        assertEquals(List.of("10 first"), written, "the run's final state supersedes its progress");
    }

    @Test
    void aDelayedWriteThatRunsAfterTheEndWritesNothing() {
        throttle.report(10, "first");
        advanceMillis(100);
        throttle.report(90, "almost");
        Runnable write = delayed.get(0).task();
        throttle.end();
        write.run(); // the timer had started it when the run ended

        assertEquals(List.of("10 first"), written);
    }

    @Test
    void aFailingRecordDoesNotFailTheJob() {
        ProgressThrottle failing = new ProgressThrottle(
                Duration.ofSeconds(1),
                () -> now,
                (percent, message) -> {
                    throw new IllegalStateException("records away (test)");
                },
                this::after);

        failing.report(10, "first");
    }

    @Test
    void aTimerThatRefusesDoesNotFailTheJob() {
        ProgressThrottle refused = new ProgressThrottle(
                Duration.ofSeconds(1),
                () -> now,
                (percent, message) -> written.add(percent + " " + message),
                (millis, task) -> {
                    throw new java.util.concurrent.RejectedExecutionException("stopping (test)");
                });

        refused.report(10, "first");
        refused.report(20, "second");

        assertEquals(List.of("10 first"), written);
    }
}
