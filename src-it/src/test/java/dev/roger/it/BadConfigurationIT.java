package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.support.Api;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.TestWar;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad configuration value fails the deployment with a message that names its key and value. */
class BadConfigurationIT {

    static final String PROBLEM =
            "Invalid Roger configuration roger.retry.delays=1,soon,5: 'soon' is not a positive whole number of seconds";

    @Test
    void aBadValueFailsTheDeploymentNamingItsKeyAndValue() {
        Map<String, String> config = TestWar.baseConfig(TestWar.uniqueApplication("bad") + ":default=10");
        try (MicroProcess micro = new MicroProcess(
                        TestWar.export(TestWar.build(config)), Map.of("ROGER_RETRY_DELAYS", "1,soon,5"))
                .launch()) {
            micro.awaitLog(PROBLEM, Duration.ofMinutes(4));
            micro.awaitLog("ready in", Duration.ofMinutes(2));

            Api api = new Api(micro.baseUrl());
            Api.Reply reply = api.get("api/applications");
            assertEquals(
                    404, reply.status(), "Roger is not deployed, so nothing answers under /roger: " + reply.body());
            Api.Reply readiness = api.readiness();
            assertEquals(503, readiness.status(), "a load balancer sends nothing to it: " + readiness.body());
            assertTrue(readiness.body().contains("\"DOWN\""), readiness.body());

            // the bad value is the cause of the failed deployment, not merely logged by a Roger that went on
            String log = micro.logText();
            String tail = log.substring(Math.max(0, log.length() - 4000));
            assertTrue(log.contains("Caused by: dev.roger.config.InvalidConfigurationException: " + PROBLEM), tail);
            assertTrue(log.contains("Exception while loading the app"), tail);
        }
    }

    @Test
    void aConfiguredRecurringJobThatCannotRunFailsTheDeploymentNamingIt() {
        String application = TestWar.uniqueApplication("badrec");
        Map<String, String> config = TestWar.baseConfig(application + ":default=1");
        config.put("roger.recurring", application + "/nightly");
        config.put("roger.recurring." + application + ".nightly.type", "no-such-type");
        config.put("roger.recurring." + application + ".nightly.cron", "0 3 * * *");
        String problem = "roger.recurring: recurring job " + application + "/nightly cannot run: no job type named"
                + " 'no-such-type'";
        try (MicroProcess micro = new MicroProcess(TestWar.export(TestWar.build(config)), Map.of()).launch()) {
            micro.awaitLog(problem, Duration.ofMinutes(4));
            micro.awaitLog("ready in", Duration.ofMinutes(2));
            Api.Reply reply = new Api(micro.baseUrl()).get("api/applications");
            assertEquals(404, reply.status(), "Roger is not deployed: " + reply.body());
            assertTrue(micro.logText().contains("Exception while loading the app"));
        }
    }

    @Test
    void anExecutorNameThatNamesNoManagedExecutorServiceFailsTheDeploymentNamingIt() {
        Map<String, String> config = TestWar.baseConfig(TestWar.uniqueApplication("badmes") + ":default=1");
        config.put("roger.workers.executor", "concurrent/no-such-executor");
        String problem = "Invalid Roger configuration roger.workers.executor=concurrent/no-such-executor:"
                + " no ManagedExecutorService has this JNDI name";
        try (MicroProcess micro = new MicroProcess(TestWar.export(TestWar.build(config)), Map.of()).launch()) {
            micro.awaitLog(problem, Duration.ofMinutes(4));
            micro.awaitLog("ready in", Duration.ofMinutes(2));
            Api.Reply reply = new Api(micro.baseUrl()).get("api/applications");
            assertEquals(404, reply.status(), "Roger is not deployed: " + reply.body());
        }
    }
}
