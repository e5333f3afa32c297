package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(List.of(1, 3, 5));

    @Test
    void theNthRetryWaitsTheNthDelay() {
        assertEquals(OptionalInt.of(1), policy.nextDelay(0));
        assertEquals(OptionalInt.of(3), policy.nextDelay(1));
        assertEquals(OptionalInt.of(5), policy.nextDelay(2));
    }

    @Test
    void pastTheLastLevelTheJobIsBuried() {
        assertEquals(OptionalInt.empty(), policy.nextDelay(3));
        assertEquals(OptionalInt.empty(), policy.nextDelay(100));
    }

    @Test
    void aNegativeRetryCountFromABadMessageIsBuriedNotRetriedForever() {
        assertEquals(OptionalInt.empty(), policy.nextDelay(-1));
    }

    @Test
    void aRetryWaitsItsLevelGiveOrTakeTheJitter() {
        assertEquals(
                java.time.Duration.ofMillis(2700), policy.nextWait(1, () -> 0.0).orElseThrow());
        assertEquals(
                java.time.Duration.ofMillis(3000), policy.nextWait(1, () -> 0.5).orElseThrow());
        assertEquals(
                java.time.Duration.ofMillis(3300), policy.nextWait(1, () -> 1.0).orElseThrow());
        assertTrue(policy.nextWait(3, () -> 0.5).isEmpty(), "past the last level the job is buried");
    }
}
