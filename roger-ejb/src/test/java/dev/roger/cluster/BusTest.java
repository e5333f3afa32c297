package dev.roger.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.logging.LogBudget;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BusTest {

    @Test
    void aRefusedMessageIsLoggedEscapedAndTruncated() {
        assertEquals(
                "a\\u000aforged\\u001b[31m line\\u005c",
                Bus.brief("a\nforged\u001b[31m line\\".getBytes(StandardCharsets.UTF_8)));
        String logged = Bus.brief("x".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        assertEquals(Bus.LOGGED_CHARACTERS + 3, logged.length());
        assertTrue(logged.endsWith("..."));
    }

    @Test
    void aFloodOfRefusalsLogsTenLinesAMinute() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        LogBudget budget = new LogBudget(Bus.REFUSALS_LOGGED, Bus.REFUSAL_WINDOW, now::get);
        long logged = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> budget.tryLog())
                .count();
        assertEquals(10, logged);
        now.addAndGet(Bus.REFUSAL_WINDOW.toNanos());
        assertTrue(budget.tryLog(), "a new window logs again");
    }
}
