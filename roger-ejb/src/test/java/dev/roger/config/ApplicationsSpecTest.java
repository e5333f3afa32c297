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
}
