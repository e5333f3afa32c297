package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which applications start at boot: the configured ones, with what was changed at run time winning. */
class ApplicationControlTest {

    @Test
    void withNothingChangedAtRunTimeTheConfiguredApplicationsStart() {
        Map<String, Map<String, Integer>> configured = Map.of("orders", Map.of("default", 10));

        assertEquals(configured, ApplicationControl.wanted(configured, Map.of()));
    }

    @Test
    void whatWasStartedReconfiguredOrStoppedAtRunTimeWins() {
        Map<String, Map<String, Integer>> configured = new LinkedHashMap<>();
        configured.put("orders", Map.of("default", 10));
        configured.put("mail", Map.of("default", 2));
        configured.put("billing", Map.of("default", 1));
        Map<String, Optional<Map<String, Integer>>> savedAtRunTime = new LinkedHashMap<>();
        savedAtRunTime.put("reports", Optional.of(Map.of("default", 3)));
        savedAtRunTime.put("mail", Optional.empty());
        savedAtRunTime.put("orders", Optional.of(Map.of("default", 4, "bulk", 1)));

        Map<String, Map<String, Integer>> wanted = ApplicationControl.wanted(configured, savedAtRunTime);

        assertEquals(
                Map.of(
                        "orders", Map.of("default", 4, "bulk", 1),
                        "billing", Map.of("default", 1),
                        "reports", Map.of("default", 3)),
                wanted);
        assertEquals(List.of("orders", "billing", "reports"), List.copyOf(wanted.keySet()), "configured ones first");
    }

    @Test
    void anApplicationStoppedAtRunTimeThatIsNotConfiguredStaysStopped() {
        assertEquals(
                Map.of(), ApplicationControl.wanted(Map.of(), Map.of("gone", Optional.<Map<String, Integer>>empty())));
    }
}
