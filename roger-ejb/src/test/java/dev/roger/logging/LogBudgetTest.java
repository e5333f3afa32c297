package dev.roger.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void aLineAMinuteMeansAMinuteFromTheLastLineNotFromTheBudgetsCreation() {
        AtomicLong now = new AtomicLong();
        LogBudget budget = new LogBudget(1, Duration.ofMinutes(1), now::get);

        now.set(Duration.ofSeconds(59).toNanos());
        assertTrue(budget.tryLog(), "the first line");
        now.set(Duration.ofSeconds(61).toNanos());
        assertFalse(budget.tryLog(), "two seconds after the first line");
        now.set(Duration.ofSeconds(119).toNanos());
        assertTrue(budget.tryLog(), "a minute after the first line");
    }
}
