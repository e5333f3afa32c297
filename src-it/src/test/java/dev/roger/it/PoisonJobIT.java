package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A poison job, one that kills its JVM every time it runs, stops looping after roger.max-deliveries
 * deliveries and is parked with the reason; the jobs behind it run. On both brokers (on 4.x the
 * queue's own delivery limit is lifted, so Roger's count is the only bound).
 */
class PoisonJobIT {

    static final String APP = TestWar.uniqueApplication("poison");
    static final Duration BOOT = Duration.ofMinutes(4);

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(QueueNames.main(APP, "default")));
        }
    }

    @Test
    void aJobThatKillsItsInstanceIsParkedAfterMaxDeliveriesAndTheJobsBehindItRun() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=1");
        config.put("roger.max-deliveries", "2");
        try (MicroProcess micro = new MicroProcess(TestWar.export(TestWar.build(config)), Map.of()).start()) {
            Api api = new Api(micro.baseUrl());
            String poison = api.enqueue(APP, "halt", "{\"millis\":3000}");

            Await.until(BOOT, "the first delivery of the poison job kills the instance", () -> !micro.running());
            micro.launch();
            // Payara Micro restarted on its root folder first runs its earlier deployment for a few seconds.
            // When that copy takes the job, it is undeployed while the job runs: the second delivery ends
            // without an outcome instead of killing the instance, and the third is parked at once.
            Await.until(
                    BOOT,
                    "the second delivery kills the instance again, or the job is parked",
                    () -> !micro.running()
                            || api.get("api/applications/" + APP + "/parked")
                                            .array()
                                            .size()
                                    == 1);
            try (Rabbit rabbit = new Rabbit()) {
                for (int i = 0; i < 3; i++) {
                    String id = "behind-" + i + "-" + APP;
                    rabbit.publish(
                            QueueNames.main(APP, "default"),
                            ("{\"id\":\"" + id + "\",\"type\":\"echo\",\"args\":{\"behind\":" + i
                                            + "},\"retryCount\":0,\"queuedAt\":\"2026-11-30T00:00:00Z\"}")
                                    .getBytes(StandardCharsets.UTF_8),
                            id);
                }
            }
            if (!micro.running()) {
                micro.start();
            }

            Await.until(
                    BOOT,
                    "the poison job is parked",
                    () -> api.get("api/applications/" + APP + "/parked").array().size() == 1);
            JsonObject parked =
                    api.get("api/applications/" + APP + "/parked").array().getJsonObject(0);
            assertEquals(poison, parked.getString("messageId"));
            assertEquals("default", parked.getString("queue"));
            assertTrue(
                    parked.getString("reason")
                            .startsWith("handed to a worker 3 times without an outcome (roger.max-deliveries=2)"),
                    parked.toString());
            assertTrue(parked.getString("body").contains("\"type\":\"halt\""), "the whole job is kept: " + parked);
            // Payara Micro deploys the WAR twice when it restarts on its root folder, and the probe's
            // in-memory events of the first deployment are lost: the broker and the database tell instead.
            // A worker acknowledges a job only after its outcome; none is parked or buried but the poison job.
            Await.until(
                    BOOT,
                    "the jobs behind it are done",
                    () -> Rabbit.allMessages(QueueNames.main(APP, "default")) == 0);
            assertEquals(
                    1, api.get("api/applications/" + APP + "/parked").array().size());
            assertEquals(
                    0,
                    api.get("api/applications/" + APP + "/queues/default/buried")
                            .array()
                            .size());
            assertTrue(micro.running(), "the instance survives the third delivery");
        }
    }
}
