package dev.roger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApplicationsSpecTest {

    @Test
    void parsesTheSeedsExampleKeepingTheOrderOfQueues() {
        Map<String, Map<String, Integer>> apps =
                ApplicationsSpec.parse("k", "myapp:default=10,other=5;billing:default=2");
        assertEquals(List.of("myapp", "billing"), List.copyOf(apps.keySet()));
        assertEquals(List.of("default", "other"), List.copyOf(apps.get("myapp").keySet()));
        assertEquals(10, apps.get("myapp").get("default"));
        assertEquals(5, apps.get("myapp").get("other"));
        assertEquals(Map.of("default", 2), apps.get("billing"));
    }

    @Test
    void blankMeansNoApplicationsAndSpacesAreIgnored() {
        assertTrue(ApplicationsSpec.parse("k", "  ").isEmpty());
        assertEquals(Map.of("a", Map.of("q", 3)), ApplicationsSpec.parse("k", " a : q = 3 ; "));
    }

    @Test
    void anApplicationMayHaveNoQueues() {
        assertEquals(Map.of("idle", Map.of()), ApplicationsSpec.parse("k", "idle:"));
    }

    @Test
    void aConcurrencyThatIsNotAWholeNumberIsRefusedNamingKeyValueAndQueue() {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> ApplicationsSpec.parse("roger.applications", "myapp:default=ten"));
        assertEquals(
                "Invalid Roger configuration roger.applications=myapp:default=ten: concurrency of queue 'default'"
                        + " must be a whole number from 0 to 65535, not 'ten'",
                e.getMessage());
    }

    @Test
    void negativeConcurrencyBadNamesAndMissingSeparatorsAreRefused() {
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a:q=-1"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "my-app:q=1"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a:q.x=1"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a:q"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a:q=1;a:r=2"));
        assertThrows(InvalidConfigurationException.class, () -> ApplicationsSpec.parse("k", "a:q=1,q=2"));
    }

    @Test
    void rateLimitsFollowAnAtOnAnApplicationOrAQueue() {
        String text = "billing@100/s:default=20@5/s,mail=2;shop:default=1@600/min";
        assertEquals(
                Map.of("billing", Map.of("default", 20, "mail", 2), "shop", Map.of("default", 1)),
                ApplicationsSpec.parse("roger.applications", text));
        assertEquals(
                Map.of(
                        dev.roger.ratelimit.RateScope.ofApplication("billing"), dev.roger.api.RateLimit.parse("100/s"),
                        dev.roger.ratelimit.RateScope.ofQueue("billing", "default"),
                                dev.roger.api.RateLimit.parse("5/s"),
                        dev.roger.ratelimit.RateScope.ofQueue("shop", "default"),
                                dev.roger.api.RateLimit.parse("600/min")),
                ApplicationsSpec.rateLimits("roger.applications", text));
    }

    @Test
    void aBadRateLimitIsRefusedNamingTheQueueAndTheText() {
        InvalidConfigurationException e = assertThrows(
                InvalidConfigurationException.class,
                () -> ApplicationsSpec.parse("roger.applications", "billing:default=20@5/day"));
        assertTrue(
                e.getMessage().contains("queue 'default'") && e.getMessage().contains("unknown period"),
                e.getMessage());
    }
}
