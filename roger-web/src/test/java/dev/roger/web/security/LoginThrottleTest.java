package dev.roger.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestClock clock = new TestClock();
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofSeconds(5), clock);

    @Test
    void theFirstFailureIsFreeAndEachFurtherOneDoublesTheWaitUpToTheMaximum() {
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Duration.ofMillis(500), throttle.waitFor("admin", "10.0.0.1"));
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Duration.ofSeconds(1), throttle.waitFor("admin", "10.0.0.1"));
        for (int i = 0; i < 40; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        assertEquals(Duration.ofSeconds(5), throttle.waitFor("admin", "10.0.0.1"), "capped: never a lockout");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Duration.ofSeconds(3), throttle.waitFor("admin", "10.0.0.1"), "the wait runs down");
    }

    @Test
    void failuresCountPerUserAtAnAddressAndPerAddressForAnyUserNeverPerUserAlone() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        assertEquals(Duration.ofSeconds(5), throttle.waitFor("admin", "10.0.0.1"));
        assertEquals(
                Duration.ZERO,
                throttle.waitFor("admin", "10.0.0.3"),
                "a flood from one address locks no one out elsewhere");
        throttle.failed("ann", "10.0.0.9");
        throttle.failed("bob", "10.0.0.9");
        assertEquals(
                Duration.ofMillis(500),
                throttle.waitFor("carol", "10.0.0.9"),
                "the address is throttled for every name");
        assertEquals(Duration.ZERO, throttle.waitFor("viewer", "10.0.0.4"));
    }

    @Test
    void failuresAreForgottenAfterAQuietMinute() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("admin", "10.0.0.1");
        }
        clock.advance(LoginThrottle.QUIET);
        assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
        throttle.failed("admin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"), "counting starts again from one");
    }

    @Test
    void aSuccessForgetsTheFailuresOfItsUserAndAddress() {
        throttle.failed("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");
        throttle.succeeded("admin", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"));
    }

    @Test
    void aZeroMaximumTurnsTheThrottleOff() {
        LoginThrottle off = new LoginThrottle(Duration.ZERO, clock);
        for (int i = 0; i < 10; i++) {
            off.failed("admin", "10.0.0.1");
        }
        assertEquals(Duration.ZERO, off.waitFor("admin", "10.0.0.1"));
    }

    @Test
    void memoryIsBoundedTheLeastRecentlyFailingForgottenFirst() {
        throttle.failed("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");
        for (int i = 0; i < LoginThrottle.MAX_KEYS; i++) {
            throttle.failed("user" + i, "addr" + i);
        }
        assertEquals(Duration.ZERO, throttle.waitFor("admin", "10.0.0.1"), "pushed out");
        String recent = "user" + (LoginThrottle.MAX_KEYS - 1);
        throttle.failed(recent, "addr" + (LoginThrottle.MAX_KEYS - 1));
        assertEquals(
                Duration.ofMillis(500),
                throttle.waitFor(recent, "addr" + (LoginThrottle.MAX_KEYS - 1)),
                "recent ones kept");
    }
}
