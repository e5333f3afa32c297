package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
