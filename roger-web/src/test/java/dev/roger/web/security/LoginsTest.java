package dev.roger.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.roger.config.PasswordHash;
import dev.roger.spi.AdminCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoginsTest {

    private final TestClock clock = new TestClock();
    private final AtomicInteger pbkdf2Runs = new AtomicInteger();
    private final Logins logins = new Logins(
            new ConfiguredUsers(
                    List.of(ConfiguredUsers.account(
                            new AdminCredentials("admin", Optional.of(PasswordHash.of("pw", 1_000))),
                            Set.of("roger-admin"))),
                    (password, hash) -> {
                        pbkdf2Runs.incrementAndGet();
                        return PasswordHash.verify(password, hash);
                    }),
            new LoginThrottle(Duration.ofSeconds(5), clock),
            new CredentialCache(Duration.ofSeconds(60), clock));

    @Test
    void aFloodOfTheSameGoodCredentialsRunsPbkdf2OncePerCacheLifetime() {
        for (int i = 0; i < 100; i++) {
            assertInstanceOf(Logins.Accepted.class, logins.attempt("admin", "pw", "10.0.0.1"));
        }
        assertEquals(1, pbkdf2Runs.get());
        clock.advance(Duration.ofSeconds(60));
        logins.attempt("admin", "pw", "10.0.0.1");
        assertEquals(2, pbkdf2Runs.get(), "checked again once expired");
    }

    @Test
    void repeatedFailuresAreThrottledWithoutRunningPbkdf2() {
        assertInstanceOf(Logins.Refused.class, logins.attempt("admin", "guess1", "10.0.0.1"));
        assertInstanceOf(Logins.Refused.class, logins.attempt("admin", "guess2", "10.0.0.1"));
        Logins.Outcome third = logins.attempt("admin", "guess3", "10.0.0.1");
        assertEquals(new Logins.Throttled(Duration.ofMillis(500)), third);
        assertEquals(2, pbkdf2Runs.get(), "a throttled attempt is not checked");
        clock.advance(Duration.ofMillis(500));
        assertInstanceOf(Logins.Refused.class, logins.attempt("admin", "guess3", "10.0.0.1"));
        assertEquals(new Logins.Throttled(Duration.ofSeconds(1)), logins.attempt("admin", "guess4", "10.0.0.1"));
    }

    @Test
    void theAdminGetsInAtOnceFromItsOwnAddressWhileSomeoneGuessesFromOthers() {
        for (int i = 0; i < 50; i++) {
            logins.attempt("admin", "guess" + i, "203.0.113.7");
            logins.attempt("admin", "guess" + i, "203.0.113." + i);
        }
        assertInstanceOf(Logins.Throttled.class, logins.attempt("admin", "guess", "203.0.113.7"));

        assertInstanceOf(Logins.Accepted.class, logins.attempt("admin", "pw", "10.0.0.1"));
    }

    @Test
    void cachedCredentialsPassEvenWhileTheUserIsThrottled() {
        logins.attempt("admin", "pw", "10.0.0.1");
        for (int i = 0; i < 5; i++) {
            logins.attempt("admin", "guess" + i, "203.0.113.7");
        }
        assertInstanceOf(
                Logins.Accepted.class, logins.attempt("admin", "pw", "10.0.0.1"), "a running service keeps working");
    }
}
