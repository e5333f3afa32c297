package dev.roger.web.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private final TestClock clock = new TestClock();
    private final CredentialCache cache = new CredentialCache(Duration.ofSeconds(60), clock);
    private final Caller admin = new Caller("admin", Set.of("roger-admin"));

    @Test
    void verifiedCredentialsAreRememberedUntilTheyExpire() {
        cache.put("admin", "pw", admin);
        assertEquals(Optional.of(admin), cache.get("admin", "pw"));
        clock.advance(Duration.ofSeconds(59));
        assertTrue(cache.get("admin", "pw").isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(cache.get("admin", "pw").isEmpty(), "expired after 60 s");
    }

    @Test
    void onlyTheSameNameAndPasswordHit() {
        cache.put("admin", "pw", admin);
        assertTrue(cache.get("admin", "pw2").isEmpty());
        assertTrue(cache.get("admin2", "pw").isEmpty());
        assertTrue(cache.get("adminp", "w").isEmpty(), "the split between name and password counts");
    }

    @Test
    void entriesAreKeyedByAHashUnderAPerProcessKeyNotByThePassword() {
        String id = cache.id("admin", "pw");
        assertEquals(64, id.length(), "an HMAC-SHA256");
        assertFalse(id.contains("pw"));
        assertNotEquals(
                id,
                new CredentialCache(Duration.ofSeconds(60), clock).id("admin", "pw"),
                "another process, another key");
    }

    @Test
    void sizeIsBoundedOldestOutFirst() {
        cache.put("admin", "pw", admin);
        for (int i = 0; i < CredentialCache.MAX_ENTRIES; i++) {
            cache.put("user" + i, "pw", admin);
        }
        assertTrue(cache.get("admin", "pw").isEmpty());
        assertTrue(cache.get("user" + (CredentialCache.MAX_ENTRIES - 1), "pw").isPresent());
    }

    @Test
    void aZeroLifetimeCachesNothing() {
        CredentialCache off = new CredentialCache(Duration.ZERO, clock);
        off.put("admin", "pw", admin);
        assertTrue(off.get("admin", "pw").isEmpty());
    }
}
