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

/** One Payara Micro with Roger and the probe, against the real RabbitMQ: a job's whole life. */
@ExtendWith(ArquillianExtension.class)
class JobLifecycleIT {

    static final String APP = TestWar.uniqueApplication("life");
    static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestWar.build(TestWar.baseConfig(APP + ":default=10,slow=5,other=3"));
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>(List.of(QueueNames.parked(APP)));
            for (String queue : List.of("default", "slow", "other")) {
                queues.addAll(List.of(
                        QueueNames.main(APP, queue),
                        QueueNames.buried(APP, queue),
                        QueueNames.retry(APP, queue, 1),
                        QueueNames.retry(APP, queue, 2)));
            }
            rabbit.deleteQueues(queues);
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    @Test
    void anEnqueuedJobRunsAndItsAfterRunEventCarriesTheResultAndTheBeforeRunData() {
        Api api = api();
        String id = api.enqueue(APP, "echo", "{\"greeting\":\"hello\"}");

        Await.until(WAIT, "after-run of " + id, () -> api.hasEvent(id, "after"));
        List<JsonObject> events = api.events(id);
        assertEquals(
                List.of("before", "after"),
                events.stream().map(e -> e.getString("kind")).toList());
        JsonObject after = events.get(1);
        assertEquals("{\"greeting\":\"hello\"}", after.getString("result"));
        assertEquals("set-before-run", after.getString("data"));
        assertEquals(APP, after.getString("application"));
        assertEquals("default", after.getString("queue"));
        assertEquals("echo", after.getString("type"));
        assertEquals(0, after.getInt("retryCount"));
    }

    @Test
    void aThrowingObserverNeitherBreaksTheWorkerNorLosesTheJob() {
        Api api = api();
        String id = api.enqueue(APP, "echo", "{\"throwInObserver\":true}");

        Await.until(WAIT, "after-run of " + id, () -> api.hasEvent(id, "after"));
        List<JsonObject> events = api.events(id);
        // the throwing observer ran and threw in both events, and the recorder's after-run observer, called after it,
        // still ran
        assertEquals(
                List.of("before", "observer-threw", "observer-threw", "after"),
                events.stream().map(e -> e.getString("kind")).toList(),
                events.toString());
        assertEquals(
                List.of("BeforeRun", "AfterRun"),
                events.stream()
                        .filter(e -> e.getString("kind").equals("observer-threw"))
                        .map(e -> e.getString("event"))
                        .toList(),
                events.toString());
        String next = api.enqueue(APP, "echo", "{\"n\":2}");
        Await.until(WAIT, "the next job runs too", () -> api.hasEvent(next, "after"));
        // a passive declare counts only ready messages: an unacknowledged one would read as 0
        Await.until(
                WAIT,
                "both jobs acknowledged: nothing ready or unacknowledged in " + QueueNames.main(APP, "default"),
                () -> Rabbit.allMessages(QueueNames.main(APP, "default")) == 0);
    }

    @Test
    void aQueueNeverRunsMoreJobsAtOnceThanItsConcurrency() {
        Api api = api();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(api.enqueue(APP, "gauge", "{\"gauge\":\"slow50\",\"millis\":300}"));
        }

        Await.until(
                Duration.ofSeconds(120),
                "all 50 jobs finish",
                () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));
        JsonObject gauge = api.get("api/probe/gauges/slow50").json();
        assertEquals(5, gauge.getInt("max"), "the most gauge jobs running at once on queue slow (concurrency 5)");
        assertEquals(0, gauge.getInt("current"));
    }

    @Test
    void aFailingRetryableJobIsRetriedWithBackoffUntilItSucceeds() {
        Api api = api();
        String id = api.enqueue(APP, "flaky", "{\"key\":\"" + APP + "-flaky\",\"failures\":2}");

        Await.until(WAIT, "after-run of " + id, () -> api.hasEvent(id, "after"));
        List<JsonObject> events = api.events(id);
        List<JsonObject> failures = events.stream()
                .filter(e -> e.getString("kind").equals("failed"))
                .toList();
        assertEquals(2, failures.size(), "two failed runs before the success: " + events);
        assertTrue(failures.stream().allMatch(f -> f.getBoolean("willRetry")));
        assertEquals(
                List.of(0, 1),
                failures.stream().map(f -> f.getInt("retryCount")).toList());
        JsonObject after = events.stream()
                .filter(e -> e.getString("kind").equals("after"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, after.getInt("retryCount"));
        assertEquals("succeeded on attempt 3", after.getString("result"));
        long firstFailure = failures.get(0).getJsonNumber("at").longValue();
        long secondFailure = failures.get(1).getJsonNumber("at").longValue();
        assertTrue(secondFailure - firstFailure >= 900, "the first retry waits the first delay (1 s)");
    }

    @Test
    void aJobThatUsesItsLastRetryIsBuriedWithItsError() {
        Api api = api();
        String id = api.enqueue(APP, "fail", "{}");

        Await.until(WAIT, "buried event of " + id, () -> api.hasEvent(id, "buried"));
        JsonObject buried = api.events(id).stream()
                .filter(e -> e.getString("kind").equals("buried"))
                .findFirst()
                .orElseThrow();
        assertEquals(QueueNames.buried(APP, "default"), buried.getString("queue"));
        assertEquals(2, buried.getInt("retryCount"), "buried after the last of the two configured retries");
        JsonObject kept = api
                .get("api/applications/" + APP + "/queues/default/buried?limit=1000")
                .array()
                .getValuesAs(JsonObject.class)
                .stream()
                .filter(j -> j.getString("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("buried job " + id + " is not listed"));
        assertTrue(kept.getString("error").contains("fails on purpose"), kept.toString());
        assertEquals(2, kept.getInt("retryCount"));
        try (Rabbit rabbit = new Rabbit()) {
            assertEquals(
                    -1,
                    rabbit.messages(QueueNames.buried(APP, "default")),
                    "buried jobs are kept in the database, not in a queue");
        }
    }

    @Test
    void aJobPastItsMaxExecutionTimeIsInterruptedAndTakesTheFailurePath() {
        Api api = api();
        long start = System.currentTimeMillis();
        String id = api.enqueue(APP, "stuck", "{}");

        Await.until(WAIT, "failed event of " + id, () -> api.hasEvent(id, "failed"));
        JsonObject failed = api.events(id).stream()
                .filter(e -> e.getString("kind").equals("failed"))
                .findFirst()
                .orElseThrow();
        assertTrue(failed.getString("error").startsWith("JobTimeoutException"), failed.toString());
        assertFalse(failed.getBoolean("willRetry"), "stuck is not retryable");
        assertTrue(failed.getJsonNumber("at").longValue() - start < 30_000, "stopped long before its 60 s sleep");
        assertFalse(api.hasEvent(id, "after"));
    }

    @Test
    void undecodableMessagesAndUnknownTypesAreParkedWhileLaterJobsRun() {
        Api api = api();
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(QueueNames.main(APP, "other"), new byte[] {(byte) 0xff, 0x00, 0x13, 0x37}, "garbage-1");
            rabbit.publish(
                    QueueNames.main(APP, "other"),
                    "{\"id\":\"x1\",\"type\":\"no-such-type\",\"args\":{}}".getBytes(StandardCharsets.UTF_8),
                    "unknown-type-1");
            rabbit.publish(
                    QueueNames.main(APP, "other"),
                    "{\"id\":\"x2\",\"type\":\"sleep\",\"args\":{\"millis\":\"soon\"}}"
                            .getBytes(StandardCharsets.UTF_8),
                    "bad-args-1");
            String later = api.post(
                            "api/applications/" + APP + "/jobs",
                            "{\"type\":\"echo\",\"queue\":\"other\",\"args\":{\"after\":\"garbage\"}}")
                    .json()
                    .getString("id");

            Await.until(WAIT, "the job behind the bad messages runs", () -> api.hasEvent(later, "after"));
            Await.until(
                    WAIT,
                    "three parked messages",
                    () -> api.get("api/applications/" + APP + "/parked").array().size() == 3);
            Map<String, String> reasons = new java.util.HashMap<>();
            for (JsonObject parked :
                    api.get("api/applications/" + APP + "/parked").array().getValuesAs(JsonObject.class)) {
                reasons.put(parked.getString("messageId"), parked.getString("reason"));
                assertEquals("other", parked.getString("queue"));
            }
            assertTrue(reasons.get("garbage-1").startsWith("cannot decode the message"), reasons.toString());
            assertEquals("unknown job type 'no-such-type'", reasons.get("unknown-type-1"));
            assertTrue(reasons.get("bad-args-1").contains("args of job type 'sleep'"), reasons.toString());
            assertEquals(
                    -1,
                    rabbit.messages(QueueNames.parked(APP)),
                    "parked messages are kept in the database, not in a queue");
            Await.until(
                    WAIT,
                    "the parked messages and the job behind them acknowledged: nothing ready or unacknowledged in "
                            + QueueNames.main(APP, "other"),
                    () -> Rabbit.allMessages(QueueNames.main(APP, "other")) == 0);
        }
    }

    @Test
    void applicationsCanBeStartedReconfiguredAndStoppedAtRunTime() {
        Api api = api();
        String extra = APP + "_rt";
        try (Rabbit rabbit = new Rabbit()) {
            assertEquals(
                    204,
                    api.post("api/probe/applications/" + extra, "{\"a\":4,\"b\":2}")
                            .status());
            Await.until(
                    WAIT,
                    "consumers with prefetch 4 and 2",
                    () -> List.of(4).equals(Rabbit.consumerPrefetch().get(QueueNames.main(extra, "a")))
                            && List.of(2).equals(Rabbit.consumerPrefetch().get(QueueNames.main(extra, "b"))));

            // the list is complete: b is not named, so it stops; a changes; c starts; d is declared but not consumed
            assertEquals(
                    204,
                    api.put("api/probe/applications/" + extra, "{\"a\":7,\"c\":1,\"d\":0}")
                            .status());
            Await.until(WAIT, "a at 7, b stopped, c at 1, d without consumer", () -> {
                Map<String, List<Integer>> prefetch = Rabbit.consumerPrefetch();
                return List.of(7).equals(prefetch.get(QueueNames.main(extra, "a")))
                        && !prefetch.containsKey(QueueNames.main(extra, "b"))
                        && List.of(1).equals(prefetch.get(QueueNames.main(extra, "c")))
                        && !prefetch.containsKey(QueueNames.main(extra, "d"));
            });
            assertEquals(0, rabbit.messages(QueueNames.main(extra, "d")), "queue d exists");

            String id = api.post(
                            "api/applications/" + extra + "/jobs",
                            "{\"type\":\"sleep\",\"queue\":\"a\",\"args\":{\"millis\":1500}}")
                    .json()
                    .getString("id");
            Await.until(WAIT, "the job starts", () -> api.hasEvent(id, "before"));
            assertEquals(
                    204,
                    api.delete("api/probe/applications/" + extra + "?safe=true").status());
            Await.until(WAIT, "safe stop lets the running job finish", () -> api.hasEvent(id, "after"));
            Await.until(WAIT, "no consumer left", () -> rabbit.consumers(QueueNames.main(extra, "a")) == 0);
            // stopped everywhere, the application is still known to the cluster: its queue keeps a job until it starts
            // again
            Api.Reply noSuchQueue = api.post("api/applications/" + extra + "/jobs", "{\"type\":\"echo\"}");
            assertEquals(400, noSuchQueue.status(), noSuchQueue.body());
            assertTrue(
                    noSuchQueue.json().getString("detail").contains("has no queue 'default'; its queues: [a, b, c, d]"),
                    noSuchQueue.body());
            assertEquals(
                    201,
                    api.post("api/applications/" + extra + "/jobs", "{\"type\":\"echo\",\"queue\":\"a\"}")
                            .status());
            Await.until(WAIT, "the job waits in its queue", () -> rabbit.messages(QueueNames.main(extra, "a")) == 1);
        } finally {
            try (Rabbit rabbit = new Rabbit()) {
                rabbit.deleteQueues(List.of(
                        QueueNames.main(extra, "a"),
                        QueueNames.main(extra, "b"),
                        QueueNames.main(extra, "c"),
                        QueueNames.main(extra, "d"),
                        extra + ".parked",
                        QueueNames.buried(extra, "a"),
                        QueueNames.buried(extra, "b"),
                        QueueNames.buried(extra, "c"),
                        QueueNames.buried(extra, "d")));
            }
        }
    }

    @Test
    void theApiRefusesRequestsWithoutValidCredentials() {
        Api api = api();
        assertEquals(401, api.anonymous("GET", "api/applications", null).status());
        assertEquals(
                401,
                api.anonymous("POST", "api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}")
                        .status());
        assertEquals(
                401, api.withCredentials(Api.USER, "wrong", "api/applications").status());
        assertEquals(200, api.get("api/applications").status());
    }

    @Test
    void theApiEnqueuesAndNamesWhatIsWrongWithABadRequest() {
        Api api = api();
        Api.Reply created = api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\",\"args\":{\"x\":1}}");
        assertEquals(201, created.status());
        assertFalse(created.json().getString("id").isBlank());

        Api.Reply malformed = api.post("api/applications/" + APP + "/jobs", "{\"type\":");
        assertEquals(400, malformed.status());
        assertTrue(malformed.contentType().startsWith("application/problem+json"), malformed.contentType());
        assertTrue(malformed.json().getString("detail").contains("not valid JSON"), malformed.body());

        Api.Reply unknownApplication = api.post("api/applications/nosuchapp/jobs", "{\"type\":\"echo\"}");
        assertEquals(404, unknownApplication.status());
        assertTrue(unknownApplication.json().getString("detail").contains("'nosuchapp'"), unknownApplication.body());

        Api.Reply unknownType = api.post("api/applications/" + APP + "/jobs", "{\"type\":\"nosuchtype\"}");
        assertEquals(400, unknownType.status());
        assertTrue(unknownType.json().getString("detail").contains("'nosuchtype'"), unknownType.body());

        Api.Reply badArgs =
                api.post("api/applications/" + APP + "/jobs", "{\"type\":\"sleep\",\"args\":{\"millis\":-5}}");
        assertEquals(400, badArgs.status());
        assertTrue(badArgs.json().getString("detail").contains("millis must be 0 or more"), badArgs.body());

        Api.Reply unknownQueue =
                api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\",\"queue\":\"nope\"}");
        assertEquals(400, unknownQueue.status());
        assertTrue(unknownQueue.json().getString("detail").contains("no queue 'nope'"), unknownQueue.body());

        Api.Reply missingType = api.post("api/applications/" + APP + "/jobs", "{\"args\":{}}");
        assertEquals(400, missingType.status());
        assertTrue(missingType.json().getString("detail").contains("'type'"), missingType.body());
    }

    @Test
    void theApiListsThisInstancesApplicationsWithTheirQueuesAndCounts() {
        Api api = api();
        String id = api.enqueue(APP, "echo", "{}");
        Await.until(WAIT, "the job runs", () -> api.hasEvent(id, "after"));

        Await.until(
                WAIT,
                "processed count shows",
                () -> defaultQueueListed(listedApplication(api))
                                .getJsonNumber("processed")
                                .longValue()
                        >= 1);
        JsonObject app = listedApplication(api);
        JsonObject queue = defaultQueueListed(app);
        assertEquals("running", app.getString("state"), app.toString());
        assertEquals(QueueNames.main(APP, "default"), queue.getString("brokerQueue"), queue.toString());
        assertEquals(10, queue.getInt("concurrency"), queue.toString());
        assertEquals(1, queue.getInt("consumers"), queue.toString());
        assertTrue(queue.getJsonNumber("processed").longValue() >= 1, queue.toString());
        assertTrue(queue.getJsonNumber("messages").longValue() >= 0, queue.toString());
    }

    /** This test's application as the API lists it; NoSuchElementException (a wait retries) while it is not listed. */
    private static JsonObject listedApplication(Api api) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(APP))
                .findFirst()
                .orElseThrow();
    }

    private static JsonObject defaultQueueListed(JsonObject application) {
        return application.getJsonArray("queues").getValuesAs(JsonObject.class).stream()
                .filter(q -> q.getString("name").equals("default"))
                .findFirst()
                .orElseThrow();
    }
}
