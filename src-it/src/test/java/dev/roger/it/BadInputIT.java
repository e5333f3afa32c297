package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.probe.KeyedArgs;
import dev.roger.it.probe.KeyedFlakyJob;
import dev.roger.it.probe.NulErrorJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input stays where it starts. A due job (scheduled, or a retry) that cannot be published stays
 * its application's problem: one larger than the broker takes is parked at once, one whose queue is
 * gone backs off and is parked after its tries, and the other applications' jobs run meanwhile.
 * Requests are bounded before they are read: a job over {@code roger.max-message-bytes}, a body over
 * its bound, an id longer than any. On both brokers: the size refusal is the broker's
 * ({@code max_message_size}, set low here: 3.10 reads it as a channel opens, so before Roger starts;
 * 4.x from a persistent term at each publish).
 */
class BadInputIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final int BROKER_MAX_MESSAGE_BYTES = 16_384;

    static final String BIG = TestWar.uniqueApplication("big");
    static final String OTHER = TestWar.uniqueApplication("other");
    static final String GONE = TestWar.uniqueApplication("gone");
    static final String PURGE = TestWar.uniqueApplication("purge");

    static Postgres postgres;
    static MicroProcess micro;
    static Api api;
    /** The broker's max_message_size before the test, to put back: "{ok,N}" or "undefined". */
    static String brokerMaxBefore;
    /**
     * RabbitMQ 4 reads the limit from a persistent term set at boot (3.10 from the application's
     * environment, as each channel opens): both are set, and put back. "undefined" on 3.10.
     */
    static String brokerMaxTermBefore;

    @BeforeAll
    static void start() {
        brokerMaxBefore = String.join("", Rabbit.rabbitmqctl("eval", "application:get_env(rabbit, max_message_size)."))
                .trim();
        brokerMaxTermBefore = String.join(
                        "", Rabbit.rabbitmqctl("eval", "persistent_term:get(max_message_size, undefined)."))
                .trim();
        Rabbit.rabbitmqctl(
                "eval",
                "application:set_env(rabbit, max_message_size, " + BROKER_MAX_MESSAGE_BYTES
                        + "), persistent_term:put(max_message_size, " + BROKER_MAX_MESSAGE_BYTES + ").");
        postgres = new Postgres();
        Map<String, String> config = TestWar.baseConfig(
                BIG + ":default=1;" + OTHER + ":default=2;" + GONE + ":default=1;" + PURGE + ":default=1");
        config.put("roger.datasource", Postgres.RESOURCE);
        // a broker's redelivery parks a job at once; Roger's own returns must not
        config.put("roger.max-deliveries", "1");
        // a retry waits long enough for the purge test to find it waiting
        config.put("roger.retry.delays", "600");
        micro = new MicroProcess(
                        TestWar.export(TestWar.build(config)
                                .addClasses(NulErrorJob.class, KeyedFlakyJob.class, KeyedArgs.class)),
                        Map.of(),
                        postgres.microArguments())
                .start();
        api = new Api(micro.baseUrl());
    }

    @AfterAll
    static void stop() {
        try {
            if (micro != null) {
                micro.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            try (Rabbit rabbit = new Rabbit()) {
                List<String> queues = new ArrayList<>();
                for (String app : List.of(BIG, OTHER, GONE, PURGE)) {
                    queues.addAll(List.of(
                            QueueNames.main(app, "default"),
                            QueueNames.buried(app, "default"),
                            QueueNames.parked(app)));
                }
                rabbit.deleteQueues(queues);
            }
        } finally {
            Rabbit.rabbitmqctl(
                    "eval",
                    brokerMaxBefore.startsWith("{ok,")
                            ? "application:set_env(rabbit, max_message_size, "
                                    + brokerMaxBefore.substring(4, brokerMaxBefore.length() - 1) + ")."
                            : "application:unset_env(rabbit, max_message_size).");
            Rabbit.rabbitmqctl(
                    "eval",
                    brokerMaxTermBefore.matches("\\d+")
                            ? "persistent_term:put(max_message_size, " + brokerMaxTermBefore + ")."
                            : "persistent_term:erase(max_message_size).");
        }
    }

    private static String schedule(String application, String args, int delaySeconds) {
        Api.Reply reply = api.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"echo\",\"args\":" + args + ",\"delay\":" + delaySeconds + "}");
        assertEquals(201, reply.status(), reply.body());
        return reply.json().getString("id");
    }

    private static List<JsonObject> parked(String application) {
        return api.get("api/applications/" + application + "/parked").array().getValuesAs(JsonObject.class);
    }

    private static Optional<JsonObject> scheduled(String application, String id) {
        Api.Reply reply = api.get("api/applications/" + application + "/scheduled");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(job -> job.getString("id").equals(id))
                .findFirst();
    }

    private static int publishFailures(String application, String id) {
        return scheduled(application, id)
                .map(job -> job.getInt("publishFailures"))
                .orElse(-1);
    }

    @Test
    void aScheduledJobTooLargeForTheBrokerIsParkedAtOnceWhileAnotherApplicationsJobsRun() {
        String large = schedule(BIG, "{\"pad\":\"" + "x".repeat(2 * BROKER_MAX_MESSAGE_BYTES) + "\"}", 2);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(schedule(OTHER, "{\"scheduled\":" + i + "}", 2));
            others.add(api.enqueue(OTHER, "echo", "{\"now\":" + i + "}"));
        }

        Await.until(WAIT, "the large job is parked", () -> !parked(BIG).isEmpty());
        JsonObject parked = parked(BIG).get(0);
        assertEquals(large, parked.getString("messageId"));
        assertTrue(parked.getString("reason").contains("max_message_size"), parked.getString("reason"));
        assertTrue(parked.getString("body").contains("xxxx"), "the whole job is kept");
        assertEquals(1, parked(BIG).size(), "parked once");
        assertTrue(scheduled(BIG, large).isEmpty(), "its row is gone: it is not tried again");
        assertEquals(
                "parked",
                api.get("api/applications/" + BIG + "/jobs/" + large).json().getString("state"));
        for (String id : others) {
            Await.until(WAIT, "the other application's job " + id + " runs", () -> api.hasEvent(id, "after"));
        }
    }

    @Test
    void aDueJobWhoseQueueIsGoneBacksOffAndIsParkedAfterItsTries() throws Exception {
        String id = schedule(GONE, "{\"queue\":\"gone\"}", 2);
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(QueueNames.main(GONE, "default")));
        }

        Await.until(WAIT, "its first publish fails", () -> publishFailures(GONE, id) >= 1);
        long first = System.nanoTime();
        Await.until(WAIT, "its fourth publish fails", () -> publishFailures(GONE, id) >= 4);
        double seconds = (System.nanoTime() - first) / 1e9;
        // 2 s then 4 s between the second, third and fourth tries (1 s each without a backoff)
        assertTrue(seconds >= 5, "the tries back off: the fourth came " + seconds + " s after the first");
        assertTrue(parked(GONE).isEmpty(), "not parked after a few tries");

        // its twentieth try is the last: made due now as if it had failed nineteen times
        try (Connection connection = postgres.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE roger_scheduled SET publish_failures = 19, due_at = 0 WHERE job_id = ?")) {
            update.setString(1, id);
            assertEquals(1, update.executeUpdate());
        }
        Await.until(
                WAIT,
                "the job is parked after its last try",
                () -> !parked(GONE).isEmpty());
        JsonObject parked = parked(GONE).get(0);
        assertEquals(id, parked.getString("messageId"));
        assertTrue(parked.getString("reason").startsWith("its queue is gone (20 tries)"), parked.getString("reason"));
        assertTrue(scheduled(GONE, id).isEmpty(), "its row is gone");
    }

    @Test
    void aJobOverTheMessageLimitIsRefusedWith413NamingTheLimitAloneOrInABulk() {
        String large = "{\"type\":\"echo\",\"args\":{\"pad\":\"" + "x".repeat(1_100_000) + "\"}}";

        Api.Reply single = api.post("api/applications/" + OTHER + "/jobs", large);
        assertEquals(413, single.status(), single.body());
        assertEquals("application/problem+json", single.contentType());
        assertTrue(
                single.json().getString("detail").contains("more than roger.max-message-bytes (1,048,576)"),
                single.body());
        assertEquals("args", single.json().getString("field"));

        Api.Reply bulk = api.post(
                "api/applications/" + OTHER + "/jobs", "[" + large + ",{\"type\":\"echo\",\"args\":{\"small\":1}}]");
        assertEquals(200, bulk.status(), bulk.body());
        assertEquals(
                413, bulk.array().getJsonObject(0).getInt("status"), bulk.body().substring(0, 200));
        String small = bulk.array().getJsonObject(1).getString("id");
        Await.until(WAIT, "the small job of the bulk runs", () -> api.hasEvent(small, "after"));
    }

    @Test
    @Tag("broker-independent")
    void aBodyOverItsBoundIsRefusedWith413BeforeItIsReadWithOrWithoutALength() {
        String twentyMegabytes = "[" + "{\"type\":\"echo\",\"args\":{}},".repeat(800_000) + "{}]";
        assertTrue(twentyMegabytes.length() > 20_000_000);

        Api.Reply declared = api.postExpectingContinue("api/applications/" + OTHER + "/jobs", twentyMegabytes);
        assertEquals(413, declared.status(), declared.body());
        assertTrue(declared.json().getString("detail").startsWith("the request body is 20,"), declared.body());

        // a single job (an object) is bounded by twice roger.max-message-bytes, before it is parsed
        byte[] object = ("{\"type\":\"echo\",\"args\":{\"pad\":\"" + "x".repeat(2_200_000) + "\"}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Api.Reply streamed =
                api.postStreamed("api/applications/" + OTHER + "/jobs", () -> new java.io.ByteArrayInputStream(object));
        assertEquals(413, streamed.status(), streamed.body());
        assertTrue(
                streamed.json().getString("detail").startsWith("the request body is longer than the 2,097,152 bytes"),
                streamed.body());

        String after = api.enqueue(OTHER, "echo", "{\"after\":\"limits\"}");
        Await.until(WAIT, "an enqueue after them runs", () -> api.hasEvent(after, "after"));
    }

    @Test
    @Tag("broker-independent")
    void anIdOrANameLongerThanAnyIsNotFoundAtOnce() {
        Api.Reply job = api.get("api/applications/" + OTHER + "/jobs/" + "a".repeat(250));
        assertEquals(404, job.status(), job.body());
        assertEquals("no id of 250 characters (at most 200)", job.json().getString("detail"));
        Api.Reply application = api.get("api/applications/" + "a".repeat(101) + "/scheduled");
        assertEquals(404, application.status(), application.body());
    }

    @Test
    void messagesWithIdsLongerThanTheColumnsAreParkedNotLooped() {
        String garbage = "g".repeat(230);
        String decodable = "d".repeat(230);
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(
                    QueueNames.main(OTHER, "default"),
                    "not a job".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    garbage);
            rabbit.publish(
                    QueueNames.main(OTHER, "default"),
                    ("{\"id\":\"" + decodable + "\",\"type\":\"no-such-type\",\"args\":{},\"retryCount\":0,"
                                    + "\"queuedAt\":\"2026-12-06T00:00:00Z\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    decodable);
        }

        Await.until(WAIT, "both messages are parked", () -> parked(OTHER).size() >= 2);
        for (JsonObject parked : parked(OTHER)) {
            String id = parked.getString("messageId");
            assertEquals(200, id.length(), "the id is fitted to its column: " + id);
            assertTrue(id.startsWith("ggg") || id.startsWith("ddd"), id);
        }
        Await.until(
                WAIT,
                "nothing is left in the queue (neither loops)",
                () -> Rabbit.allMessages(QueueNames.main(OTHER, "default")) == 0);
    }

    @Test
    void textPostgresRefusesIsStoredSoAPoisonMessageIsParkedAndAJobsRecordWritten() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(
                    QueueNames.main(OTHER, "default"),
                    ("{\"id\":\"nul\\u0000id\",\"type\":\"no-such\\u0000type\",\"args\":{},\"retryCount\":0,"
                                    + "\"queuedAt\":\"2026-12-06T00:00:00Z\"}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "nul\u0000id");
        }
        String failing = api.enqueue(OTHER, "nul-error", "{}");
        String after = api.enqueue(OTHER, "echo", "{\"n\":1}");

        Await.until(
                WAIT,
                "the message with a NUL in its id and type is parked",
                () -> parked(OTHER).stream()
                        .anyMatch(p -> p.getString("messageId").equals("nul\uFFFDid")));
        // until it is written, the record is read from the writer's buffer, with the NUL still in it
        Await.until(
                WAIT,
                "the failing job's record is written, with U+FFFD for the NUL",
                () -> api.get("api/applications/" + OTHER + "/jobs/" + failing)
                        .json()
                        .getString("lastError", "")
                        .contains("read a NUL \uFFFD here"));
        JsonObject record =
                api.get("api/applications/" + OTHER + "/jobs/" + failing).json();
        assertEquals("failed", record.getString("state"), record.toString());
        Await.until(
                WAIT,
                "the next job's record is written too",
                () -> api.get("api/applications/" + OTHER + "/jobs/" + after).status() == 200);
        assertEquals(0, api.get("api/records").json().getJsonNumber("dropped").longValue(), "no record was dropped");
    }

    private static Api.Reply enqueueKeyed(String queueKey) {
        return api.post(
                "api/applications/" + PURGE + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + queueKey + "\"}}");
    }

    @Test
    void aPurgeReleasesOnlyThePurgedJobsKeysAndRecordsThemAsPurged() {
        String tag = Long.toString(System.nanoTime());
        // a job waiting for its retry (10 minutes away), with a queue key
        String retrying = api.enqueue(
                PURGE, "keyed-flaky", "{\"key\":\"r-" + tag + "\",\"failures\":100,\"queueKey\":\"r-" + tag + "\"}");
        Await.until(
                WAIT,
                "the job waits for its retry",
                () -> api
                        .get("api/applications/" + PURGE + "/retries")
                        .json()
                        .getJsonArray("items")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .anyMatch(job -> job.getString("id").equals(retrying)));
        assertEquals(
                200,
                api.post("api/applications/" + PURGE + "/queues/default/pause", "")
                        .status());
        try {
            Api.Reply scheduled = api.post(
                    "api/applications/" + PURGE + "/jobs",
                    "{\"type\":\"sleep\",\"delay\":3600,\"args\":{\"millis\":1,\"queueKey\":\"s-" + tag + "\"}}");
            assertEquals(201, scheduled.status(), scheduled.body());
            Api.Reply queued = api.post(
                    "api/applications/" + PURGE + "/jobs",
                    "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"q-" + tag + "\",\"executionKey\":\"e-"
                            + tag + "\"}}");
            assertEquals(201, queued.status(), queued.body());
            String purged = queued.json().getString("id");
            Await.until(
                    WAIT,
                    "the job is queued",
                    () -> api.get("api/applications/" + PURGE + "/queues/default/jobs")
                                    .array()
                                    .size()
                            == 1);

            Api.Reply purge = api.delete("api/applications/" + PURGE + "/queues/default/jobs?confirm=true");
            assertEquals(202, purge.status(), purge.body());
            Await.until(WAIT, "the purge is done", () -> {
                Api.Reply progress = api.get("api/applications/" + PURGE + "/queues/default/purge");
                return progress.status() == 200
                        && progress.json().getString("state").equals("done");
            });
            JsonObject progress = api.get("api/applications/" + PURGE + "/queues/default/purge")
                    .json();
            assertEquals(1, progress.getInt("total"), progress.toString());
            assertEquals(1, progress.getInt("purged"), progress.toString());

            Await.until(
                    WAIT,
                    "the purged job's record says purged",
                    () -> "purged"
                            .equals(api.get("api/applications/" + PURGE + "/jobs/" + purged)
                                    .json()
                                    .getString("state", "")));
            Api.Reply sameQueueKey = enqueueKeyed("q-" + tag);
            assertEquals(201, sameQueueKey.status(), "the purged job's queue key is free: " + sameQueueKey.body());
            Api.Reply scheduledKey = enqueueKeyed("s-" + tag);
            assertEquals(409, scheduledKey.status(), "the scheduled job keeps its key: " + scheduledKey.body());
            Api.Reply retryingKey = enqueueKeyed("r-" + tag);
            assertEquals(409, retryingKey.status(), "the retrying job keeps its key: " + retryingKey.body());
        } finally {
            api.post("api/applications/" + PURGE + "/queues/default/resume", "");
        }
        // the purged job left its execution key's line: the next job of that key runs
        String next = api.enqueue(PURGE, "sleep", "{\"millis\":1,\"executionKey\":\"e-" + tag + "\"}");
        Await.until(WAIT, "the next job of the execution key runs", () -> api.hasEvent(next, "after"));
    }

    @Test
    @Tag("broker-independent")
    void anUnexpectedFailureIsA500ProblemThatNamesAnIncidentAndNotTheCause() {
        Api.Reply reply = api.get("api/probe/bug");

        assertEquals(500, reply.status(), reply.body());
        assertEquals("application/problem+json", reply.contentType());
        String detail = reply.json().getString("detail");
        assertTrue(detail.startsWith("an unexpected error; the server's log has its cause under incident "), detail);
        assertTrue(!reply.body().contains("hunter2") && !reply.body().contains("db.internal"), reply.body());
    }

    @Test
    @Tag("broker-independent")
    void aPageBeyondTheDeepestOffsetIsRefusedWith400() {
        Api.Reply reply = api.get("api/applications/" + OTHER + "/jobs?offset=2000000");

        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.json().getString("detail").startsWith("offset must be 0 to 10000"), reply.body());
    }

    @Test
    void aJobRogerGivesBackWhenItsInstanceStopsIsNotCountedAsARedelivery() {
        String id = api.enqueue(BIG, "sleep", "{\"millis\":20000}");
        Await.until(WAIT, "the job runs", () -> api.hasEvent(id, "before"));

        micro.stop(); // graceful: the running job is interrupted and given back to its queue
        micro.start();

        Await.until(
                Duration.ofMinutes(2),
                "the job runs again after the restart and ends",
                () -> api.hasEvent(id, "after")
                        || parked(BIG).stream()
                                .anyMatch(p -> p.getString("messageId").equals(id)));
        assertTrue(
                parked(BIG).stream().noneMatch(p -> p.getString("messageId").equals(id)),
                "not parked for roger.max-deliveries=1: " + parked(BIG));
        assertTrue(api.hasEvent(id, "after"));
    }
}
