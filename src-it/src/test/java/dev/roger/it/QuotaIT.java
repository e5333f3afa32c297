package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An application whose quota is 5 jobs waiting: past it an enqueue answers 429 naming the quota, until its jobs run. */
@ExtendWith(ArquillianExtension.class)
class QuotaIT {

    static final String APP = TestWar.uniqueApplication("quota");
    static final int QUOTA = 5;
    static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=1");
        config.put("roger.quotas", APP + ":waiting=" + QUOTA);
        return TestWar.build(config);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
    }

    @Test
    void pastItsWaitingQuotaAnEnqueueAnswers429NamingTheQuotaUntilItsJobsRun() throws InterruptedException {
        Api api = new Api(base.toString());
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/default/pause", "")
                        .status());
        int accepted = 0;
        Api.Reply refused = null;
        long until = System.nanoTime() + WAIT.toNanos();
        while (refused == null && System.nanoTime() < until) {
            Api.Reply reply = api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}");
            if (reply.status() == 429) {
                refused = reply;
            } else {
                assertEquals(201, reply.status(), reply.body());
                accepted++;
                Thread.sleep(100);
            }
        }
        assertTrue(refused != null, "an enqueue past the quota was refused");
        assertTrue(
                refused.body().contains("quota of " + QUOTA) && refused.body().contains("waiting"), refused.body());
        // the counts behind a decision are at most 2 s old: the quota holds within what 2 s of enqueues add
        assertTrue(accepted >= QUOTA && accepted <= QUOTA + 25, "accepted before the refusal: " + accepted);

        Api.Reply bulk = api.post("api/applications/" + APP + "/jobs", "[{\"type\":\"echo\"},{\"type\":\"echo\"}]");
        assertEquals(200, bulk.status(), bulk.body());
        for (JsonObject item : bulk.array().getValuesAs(JsonObject.class)) {
            assertEquals(429, item.getInt("status"), bulk.body());
        }

        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/default/resume", "")
                        .status());
        Await.until(
                WAIT,
                "an enqueue is accepted again once the jobs have run",
                () -> api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}")
                                .status()
                        == 201);
    }
}
