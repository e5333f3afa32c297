package dev.roger.it;

import dev.roger.it.support.Api;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.TestWar;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A bad configuration value fails the deployment with a message that names its key and value. */
class BadConfigurationIT {

    @Test
    void aBadValueFailsTheDeploymentNamingItsKeyAndValue() {
        Map<String, String> config = TestWar.baseConfig(TestWar.uniqueApplication("bad") + ":default=10");
        try (MicroProcess micro = new MicroProcess(TestWar.export(TestWar.build(config)),
                Map.of("ROGER_RETRY_DELAYS", "1,soon,5")).launch()) {
            micro.awaitLog("Invalid Roger configuration roger.retry.delays=1,soon,5: 'soon' is not a positive whole number of seconds",
                    Duration.ofMinutes(4));
            micro.awaitLog("ready in", Duration.ofMinutes(2));
            assertNotEquals(200, new Api(micro.baseUrl()).get("api/applications").status(), "Roger is not deployed");
        }
    }
}
