package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roger starts on queues an earlier release declared, with its jobs in them: main queues with only
 * {@code x-queue-type} (on RabbitMQ 4 they keep the default delivery limit of 20, as queues do that
 * were declared on 3.x before the broker was upgraded), a retry level with a job waiting in it, and
 * buried and parked queues with messages. Nothing is lost, nothing refuses to
 * start, and a look that could cost a job is refused.
 */
@ExtendWith(ArquillianExtension.class)
class UpgradeIT {

    static final String APP = TestWar.uniqueApplication("upgrade");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final List<String> EARLIER_JOBS = List.of("earlier-1", "earlier-2", "earlier-3");

    @ArquillianResource
    URL base;

    /** The earlier release's queues are declared here, before Roger is deployed. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(allQueues());
            rabbit.declare(QueueNames.main(APP, "default"), Map.of("x-queue-type", "quorum"));
            rabbit.declare(
                    QueueNames.retry(APP, "default", 1),
                    Map.of(
                            "x-queue-type",
                            "quorum",
                            "x-message-ttl",
                            1000L,
                            "x-dead-letter-exchange",
                            "",
                            "x-dead-letter-routing-key",
                            QueueNames.main(APP, "default")));
            rabbit.declare(
                    QueueNames.retry(APP, "default", 300),
                    Map.of(
                            "x-queue-type",
                            "quorum",
                            "x-message-ttl",
                            300_000L,
                            "x-dead-letter-exchange",
                            "",
                            "x-dead-letter-routing-key",
                            QueueNames.main(APP, "default")));
            rabbit.publish(QueueNames.retry(APP, "default", 300), job("retrying-1", "echo", 1), "retrying-1");
            rabbit.declare(QueueNames.buried(APP, "default"), Map.of("x-queue-type", "quorum"));
            rabbit.declare(QueueNames.parked(APP), Map.of("x-queue-type", "quorum"));
            for (String id : EARLIER_JOBS) {
                rabbit.publish(QueueNames.main(APP, "default"), job(id, "echo", 0), id);
            }
            for (String id : List.of("buried-1", "buried-2")) {
                rabbit.publish(
                        QueueNames.buried(APP, "default"),
                        job(id, "fail", 2),
                        id,
                        Map.of(
                                "x-roger-reason",
                                "java.lang.IllegalStateException: " + id + " failed before the upgrade",
                                "x-roger-queue",
                                "default",
                                "x-roger-failed-at",
                                "2026-11-01T10:00:00Z"));
            }
            rabbit.publish(
                    QueueNames.parked(APP),
                    "not json at all".getBytes(StandardCharsets.UTF_8),
                    "parked-1",
                    Map.of(
                            "x-roger-reason",
                            "cannot decode the message",
                            "x-roger-queue",
                            "default",
                            "x-roger-parked-id",
                            "parked-id-1",
                            "x-roger-failed-at",
                            "2026-11-01T10:00:00Z"));
        }
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2");
        config.put("roger.retry.delays", "1,2,300");
        return TestWar.build(config);
    }

    private static byte[] job(String id, String type, int retryCount) {
        return ("{\"id\":\"" + id + "\",\"type\":\"" + type
                        + "\",\"args\":{\"from\":\"earlier release\"},\"retryCount\":" + retryCount
                        + ",\"queuedAt\":\"2026-11-01T09:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> allQueues() {
        return new ArrayList<>(List.of(
                QueueNames.main(APP, "default"),
                QueueNames.retry(APP, "default", 1),
                QueueNames.retry(APP, "default", 2),
                QueueNames.retry(APP, "default", 300),
                QueueNames.buried(APP, "default"),
                QueueNames.parked(APP)));
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(allQueues());
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    @Test
    void theJobsOfTheEarlierReleaseRunAndItsBuriedAndParkedMessagesMoveIntoTheDatabase() {
        Api api = api();
        Await.until(
                WAIT,
                "the jobs queued before the upgrade run",
                () -> EARLIER_JOBS.stream().allMatch(id -> api.hasEvent(id, "after")));

        Await.until(
                WAIT,
                "the buried jobs are in the database",
                () -> api.get("api/applications/" + APP + "/queues/default/buried")
                                .array()
                                .size()
                        == 2);
        JsonObject buried = api.get("api/applications/" + APP + "/queues/default/buried")
                .array()
                .getJsonObject(0);
        assertEquals("buried-1", buried.getString("id"));
        assertEquals("java.lang.IllegalStateException: buried-1 failed before the upgrade", buried.getString("error"));
        assertEquals(2, buried.getInt("retryCount"));
        assertEquals("2026-11-01T10:00:00Z", buried.getString("failedAt"));

        Await.until(
                WAIT,
                "the parked message is in the database",
                () -> api.get("api/applications/" + APP + "/parked").array().size() == 1);
        JsonObject parked =
                api.get("api/applications/" + APP + "/parked").array().getJsonObject(0);
        assertEquals("parked-id-1", parked.getString("parkedId"));
        assertEquals("not json at all", parked.getString("body"));
        assertEquals("cannot decode the message", parked.getString("reason"));

        // rabbitmqctl's counts of a quorum queue trail by a few seconds
        Await.until(
                WAIT,
                "the earlier buried and parked queues are drained",
                () -> Rabbit.allMessages(QueueNames.buried(APP, "default")) == 0
                        && Rabbit.allMessages(QueueNames.parked(APP)) == 0);

        assertEquals(
                202,
                api.post("api/applications/" + APP + "/queues/default/buried/buried-2/retry", "")
                        .status());
        Await.until(WAIT, "a buried job of the earlier release runs again", () -> api.hasEvent("buried-2", "before"));
    }

    @Test
    void aJobWaitingInARetryQueueOfTheEarlierReleaseMovesIntoTheRetries() {
        Api api = api();
        Await.until(
                WAIT,
                "the job of the earlier release's retry queue waits among the retries",
                () -> api.get("api/applications/" + APP + "/retries").json().getJsonArray("items").stream()
                        .anyMatch(job -> job.asJsonObject().getString("id").equals("retrying-1")));
        JsonObject retry = api.get("api/applications/" + APP + "/retries").json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject)
                .filter(job -> job.getString("id").equals("retrying-1"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, retry.getInt("attempt"));
        assertTrue(retry.getString("lastError").contains("earlier release"), retry.toString());
        try (Rabbit rabbit = new Rabbit()) {
            assertEquals(0, rabbit.messages(QueueNames.retry(APP, "default", 300)), "taken out of the old queue");
        }
        assertEquals(
                202,
                api.post("api/applications/" + APP + "/retries/retrying-1/run", "")
                        .status());
        Await.until(WAIT, "the retry runs", () -> api.hasEvent("retrying-1", "after"));
    }

    @Test
    void aMainQueueOfTheEarlierReleaseIsTakenOverAsTheBrokerAllows() {
        Api api = api();
        try (Rabbit rabbit = new Rabbit()) {
            String held = Rabbit.arguments(QueueNames.main(APP, "default"));
            if (rabbit.majorVersion() >= 4) {
                assertFalse(
                        held.contains("x-delivery-limit"),
                        "RabbitMQ keeps the arguments it was declared with: " + held);
                Api.Reply peek = api.get("api/applications/" + APP + "/queues/default/jobs");
                assertEquals(409, peek.status(), peek.body());
                assertTrue(peek.body().contains("delivery limit of 20"), peek.body());
            } else {
                assertEquals("[{\"x-queue-type\",\"quorum\"}]", held, "3.x: the same arguments as before");
                assertEquals(
                        200,
                        api.get("api/applications/" + APP + "/queues/default/jobs")
                                .status());
            }
        }
        String id = api.enqueue(APP, "echo", "{\"after\":\"upgrade\"}");
        Await.until(WAIT, "a new job runs on the taken-over queue", () -> api.hasEvent(id, "after"));
    }
}
