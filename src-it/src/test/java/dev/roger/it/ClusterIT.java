package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.TwoInstances;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Payara Micro instances sharing the local RabbitMQ and one PostgreSQL database behave as one
 * system: cancels, pauses, queue keys, execution keys and info reach across instances. Each test makes
 * its own applications, so any test may run alone or in any order.
 */
class ClusterIT {

    static final Duration WAIT = Duration.ofSeconds(90);
    /** The usual queues of an application both instances run. */
    static final Map<String, Integer> BOTH_QUEUES = Map.of("default", 4, "other", 2);

    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances();

    final MicroProcess a = cluster.a();
    final MicroProcess b = cluster.b();
    final Api apiA = cluster.apiA();
    final Api apiB = cluster.apiB();

    /** An application only B consumes: its jobs run on B, whoever enqueues them. */
    private String onlyOnB() {
        return cluster.application("clb", Map.of("default", 3), b);
    }

    private String onBoth() {
        return cluster.application("cl", BOTH_QUEUES, a, b);
    }

    /**
     * A limit set through one instance holds for both: B learns it from the bus, and the jobs' starts on
     * A and B together never pass 5 in a second (the windows are whole seconds of the database's clock;
     * both instances run on this machine, so their clocks agree with it within milliseconds).
     */
    @Test
    void aRateLimitSetThroughOneInstanceHoldsForBothTogether() {
        String app = cluster.application("rate", Map.of("default", 10), a, b);
        Api.Reply set = apiA.put(
                "api/applications/" + app, "{\"queues\":{\"default\":{\"concurrency\":10,\"rateLimit\":\"5/s\"}}}");
        assertEquals(200, set.status(), set.body());
        assertTrue(set.body().contains("\"rateLimit\":\"5/s\""), set.body());
        Await.until(
                WAIT,
                "B applies the limit set through A",
                () -> apiB.get("api/applications").body().contains("\"rateLimit\":\"5/s\""));

        List<String> ids = apiA.enqueueAll(app, "echo", "{}", 30);
        Map<String, Long> startedAt = new HashMap<>();
        Map<String, Integer> perInstance = new HashMap<>();
        Await.until(WAIT, "all 30 jobs started on A or B", () -> {
            for (MicroProcess instance : List.of(a, b)) {
                JsonObject events =
                        new Api(instance.baseUrl()).get("api/probe/events").json();
                for (String id : ids) {
                    if (!startedAt.containsKey(id) && events.containsKey(id)) {
                        events.getJsonArray(id).getValuesAs(JsonObject.class).stream()
                                .filter(e -> e.getString("kind").equals("before"))
                                .findFirst()
                                .ifPresent(e -> {
                                    startedAt.put(
                                            id,
                                            java.time.Instant.parse(e.getString("startedAt"))
                                                    .toEpochMilli());
                                    perInstance.merge(instance.instanceName(), 1, Integer::sum);
                                });
                    }
                }
            }
            return startedAt.size() == ids.size();
        });
        Map<Long, Integer> perSecond = new java.util.TreeMap<>();
        startedAt.values().forEach(t -> perSecond.merge(t / 1000, 1, Integer::sum));
        assertTrue(
                perSecond.values().stream().allMatch(n -> n <= 5),
                "starts per second on A and B together: " + perSecond + " (per instance " + perInstance + ")");
        assertTrue(perSecond.size() >= 6, "30 jobs at 5 a second took at least 6 windows: " + perSecond);
    }

    @Test
    void anInstanceThatDoesNotConsumeAnApplicationEnqueuesItsJobs() {
        String onlyB = onlyOnB();
        String id = apiA.enqueue(onlyB, "sleep", "{\"millis\":1}");
        Await.until(WAIT, "the job enqueued on A runs on B", () -> apiB.hasEvent(id, "after"));

        Api.Reply unknownQueue =
                apiA.post("api/applications/" + onlyB + "/jobs", "{\"type\":\"echo\",\"queue\":\"other\"}");
        assertEquals(400, unknownQueue.status(), unknownQueue.body());
        assertTrue(
                unknownQueue.json().getString("detail").contains("has no queue 'other'; its queues: [default]"),
                unknownQueue.body());
        Api.Reply unknownApplication =
                apiA.post("api/applications/nobody_" + System.nanoTime() + "/jobs", "{\"type\":\"echo\"}");
        assertEquals(404, unknownApplication.status(), unknownApplication.body());
        assertTrue(
                unknownApplication.json().getString("detail").contains("is not started on any instance of the cluster"),
                unknownApplication.body());
    }

    @Test
    void infoFromAListsBothInstancesAndTheJobsRunningOnB() {
        String onlyB = onlyOnB();
        String id = apiB.enqueue(onlyB, "sleep", "{\"millis\":4000}");
        Await.until(WAIT, "the job runs on B", () -> apiB.hasEvent(id, "before"));

        JsonObject info = apiA.get("api/cluster").json();
        List<String> names = info.getJsonArray("instances").getValuesAs(JsonObject.class).stream()
                .map(i -> i.getString("name"))
                .toList();
        assertEquals(
                List.of(a.instanceName(), b.instanceName()).stream().sorted().toList(), names);
        assertTrue(info.getJsonArray("unanswered").isEmpty());
        JsonArray running = apiA.get("api/jobs/running?scope=cluster").json().getJsonArray("jobs");
        JsonObject job = running.getValuesAs(JsonObject.class).stream()
                .filter(j -> j.getString("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("B's running job is not listed: " + running));
        assertEquals(b.instanceName(), job.getString("instance"));
        assertEquals("sleep", job.getString("type"));
        Await.until(WAIT, "the job finishes", () -> apiB.hasEvent(id, "after"));
    }

    @Test
    void aCancelSentToAStopsTheJobRunningOnBAndTheEventFiresOnce() {
        String onlyB = onlyOnB();
        String id = apiB.enqueue(onlyB, "sleep", "{\"millis\":60000}");
        Await.until(WAIT, "the job runs on B", () -> apiB.hasEvent(id, "before"));

        assertEquals(
                202, apiA.delete("api/applications/" + onlyB + "/jobs/" + id).status());

        Await.until(WAIT, "the cancelled event on B", () -> apiB.hasEvent(id, "cancelled"));
        // a passive declare counts only ready messages: a message B still held unacknowledged would read as 0
        Await.until(
                WAIT,
                "the job acknowledged, not requeued: nothing ready or unacknowledged in "
                        + QueueNames.main(onlyB, "default"),
                () -> Rabbit.allMessages(QueueNames.main(onlyB, "default")) == 0);
        assertEquals(
                1,
                apiB.events(id).stream()
                        .filter(e -> e.getString("kind").equals("cancelled"))
                        .count());
        assertFalse(apiB.hasEvent(id, "after"));
        assertFalse(apiA.hasEvent(id, "cancelled"));
    }

    @Test
    void aQueuedJobCancelledOnAIsDroppedWhenBDequeuesIt() {
        String onlyB = onlyOnB();
        assertEquals(
                200,
                apiA.post("api/applications/" + onlyB + "/queues/default/pause", "")
                        .status());
        String id = apiB.enqueue(onlyB, "echo", "{\"n\":1}");
        assertEquals(
                202, apiA.delete("api/applications/" + onlyB + "/jobs/" + id).status());
        assertEquals(
                200,
                apiA.post("api/applications/" + onlyB + "/queues/default/resume", "")
                        .status());

        Await.until(WAIT, "the cancelled event when it is dequeued", () -> apiB.hasEvent(id, "cancelled"));
        assertFalse(apiB.hasEvent(id, "before"), "a cancelled job never starts");
    }

    @Test
    void aDuplicateQueueKeyIsRefusedAcrossInstancesUntilTheFirstJobFinishes() {
        String app = onBoth();
        String key = "report-" + System.nanoTime();
        String first = apiA.enqueue(app, "sleep", "{\"millis\":3000,\"queueKey\":\"" + key + "\"}");

        Api.Reply duplicate = apiB.post(
                "api/applications/" + app + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + key + "\"}}");
        assertEquals(409, duplicate.status(), duplicate.body());
        assertTrue(duplicate.json().getString("detail").contains(key), duplicate.body());

        Await.until(
                WAIT, "the first job finishes", () -> apiA.hasEvent(first, "after") || apiB.hasEvent(first, "after"));
        Await.until(
                WAIT,
                "the key is free again",
                () -> apiB.post(
                                        "api/applications/" + app + "/jobs",
                                        "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + key + "\"}}")
                                .status()
                        == 201);
    }

    @Test
    void twoHundredJobsWithOneExecutionKeyNeverOverlapAndRunInOrderOverBothInstances() {
        String app = onBoth();
        String key = "serial-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            ids.add(api.enqueue(app, "sleep", "{\"millis\":5,\"executionKey\":\"" + key + "\"}"));
        }

        Map<String, JsonObject[]> runs = new HashMap<>();
        Await.until(Duration.ofMinutes(5), "all 200 jobs finish", () -> {
            runs.clear();
            collectRuns(apiA, runs);
            collectRuns(apiB, runs);
            return ids.stream().allMatch(id -> runs.containsKey(id) && runs.get(id)[1] != null);
        });
        List<String> byStart = new ArrayList<>(ids);
        byStart.sort(Comparator.comparingLong(
                id -> runs.get(id)[0].getJsonNumber("at").longValue()));
        assertEquals(ids, byStart, "jobs started in the order they were enqueued");
        for (int i = 1; i < ids.size(); i++) {
            long previousEnd = runs.get(ids.get(i - 1))[1].getJsonNumber("at").longValue();
            long start = runs.get(ids.get(i))[0].getJsonNumber("at").longValue();
            assertTrue(start >= previousEnd, "job " + i + " started before job " + (i - 1) + " ended");
        }
        long onA = ids.stream().filter(id -> apiA.hasEvent(id, "after")).count();
        assertTrue(onA > 0 && onA < 200, "both instances ran some of them (A ran " + onA + ")");
    }

    /** Each job's first before-run and after-run event, from one instance's probe. */
    private static void collectRuns(Api api, Map<String, JsonObject[]> runs) {
        JsonObject all = api.get("api/probe/events").json();
        all.forEach((id, events) -> {
            for (JsonObject event : events.asJsonArray().getValuesAs(JsonObject.class)) {
                JsonObject[] run = runs.computeIfAbsent(id, k -> new JsonObject[2]);
                if (event.getString("kind").equals("before") && run[0] == null) {
                    run[0] = event;
                } else if (event.getString("kind").equals("after") && run[1] == null) {
                    run[1] = event;
                }
            }
        });
    }

    @Test
    void aQueueOfTheVirtualHostThatNoApplicationStartedIsNeverTouched() {
        String app = onBoth();
        try (Rabbit rabbit = new Rabbit()) {
            // "orders" + "v2-events" names the broker queue orders-v2-events, which is not Roger's
            for (String queue : List.of("v2-events", "v2_events")) {
                String brokerQueue = QueueNames.main(app, queue);
                rabbit.declare(brokerQueue, Map.of("x-queue-type", "classic"));
                rabbit.publish(brokerQueue, "not a job".getBytes(StandardCharsets.UTF_8), "other-" + queue);
                String path = "api/applications/" + app + "/queues/" + queue;
                for (Api.Reply reply : List.of(
                        apiA.get(path + "/jobs"),
                        apiA.delete(path + "/jobs?confirm=true"),
                        apiA.post(path + "/pause", ""),
                        apiA.get(path + "/buried"),
                        apiA.post(path + "/buried/retry-all", ""))) {
                    assertEquals(404, reply.status(), path + ": " + reply.body());
                }
                assertEquals(1, Rabbit.allMessages(brokerQueue), "the message in " + brokerQueue + " is untouched");
            }
            rabbit.deleteQueues(List.of(QueueNames.main(app, "v2-events"), QueueNames.main(app, "v2_events")));
        }
    }

    @Test
    void onlyAJobIdTheClusterIssuedForTheApplicationCanBeCancelled() {
        String onlyB = onlyOnB();
        String app = onBoth();
        Api.Reply guessed = apiA.delete("api/applications/" + app + "/jobs/" + UUID.randomUUID());
        assertEquals(404, guessed.status(), guessed.body());
        assertTrue(guessed.json().getString("detail").startsWith("no job '"), guessed.body());
        String ofB = apiB.enqueue(onlyB, "sleep", "{\"millis\":1}");
        assertEquals(
                404,
                apiA.delete("api/applications/" + app + "/jobs/" + ofB).status(),
                "issued for another application");
        assertEquals(
                202, apiA.delete("api/applications/" + onlyB + "/jobs/" + ofB).status(), "issued by B, known to A");
    }

    @Test
    void aForgedCancelOnTheBusDoesNotInterruptARunningJob() {
        String onlyB = onlyOnB();
        String id = apiB.enqueue(onlyB, "sleep", "{\"millis\":3000}");
        Await.until(WAIT, "the job runs on B", () -> apiB.hasEvent(id, "before"));
        try (Rabbit rabbit = new Rabbit()) {
            // anyone who may write to the virtual host can publish this
            rabbit.publishToExchange(
                    "roger.bus",
                    new AMQP.BasicProperties.Builder()
                            .appId(a.instanceName())
                            .contentType("application/json")
                            .build(),
                    ("{\"op\":\"cancel\",\"from\":\"" + a.instanceName() + "\",\"application\":\"" + onlyB
                                    + "\",\"jobId\":\"" + id + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        b.awaitLog("ignored a bus message (unsigned)", WAIT);
        Await.until(WAIT, "the job runs to its end", () -> apiB.hasEvent(id, "after"));
        assertFalse(apiB.hasEvent(id, "cancelled"));
    }

    @Test
    void aReplayedBusMessageIsIgnored() {
        String app = onBoth();
        String path = "api/applications/" + app + "/queues/other/";
        try (Rabbit rabbit = new Rabbit()) {
            String listener = rabbit.listenTo("roger.bus");
            assertEquals(200, apiA.post(path + "pause", "").status());
            java.util.concurrent.atomic.AtomicReference<GetResponse> pause =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Await.until(WAIT, "the pause is broadcast", () -> {
                GetResponse message = rabbit.take(listener);
                if (message != null
                        && new String(message.getBody(), StandardCharsets.UTF_8).contains("\"op\":\"pause\"")) {
                    pause.set(message);
                }
                return pause.get() != null;
            });
            assertEquals(200, apiA.post(path + "resume", "").status());
            Await.until(WAIT, "B sees the queue resumed", () -> !pausedOn(apiB, app, "other"));

            rabbit.publishToExchange(
                    "roger.bus", pause.get().getProps(), pause.get().getBody());
            b.awaitLog("ignored a bus message (replayed)", WAIT);
            assertFalse(pausedOn(apiB, app, "other"), "the replayed pause was ignored");
        }
    }

    @Test
    void anInstanceWithAnotherClusterSecretDoesNotStart() {
        Map<String, String> config = TestWar.baseConfig("");
        config.put("roger.datasource", Postgres.RESOURCE);
        config.put("roger.cluster.secret", "not-the-secret-of-a-and-b");
        try (MicroProcess c = new MicroProcess(
                TestWar.export(TestWar.build(config)),
                Map.of(),
                cluster.postgres().microArguments())) {
            c.launch();
            c.awaitLog(
                    "roger.cluster.secret=<hidden>: differs from the secret of the running instance(s) [",
                    Duration.ofMinutes(4));
            String log = c.logText();
            assertTrue(
                    log.contains(a.instanceName()) && log.contains(b.instanceName()), "names both running instances");
            assertFalse(log.contains("not-the-secret-of-a-and-b"), "the secret itself is never logged");
        }
    }

    private static boolean pausedOn(Api api, String application, String queue) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(app -> app.getString("name").equals(application))
                .flatMap(app -> app.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .filter(q -> q.getString("name").equals(queue))
                .anyMatch(q -> q.getBoolean("paused"));
    }

    @Test
    void aPauseSentToAStopsBsConsumerAndSurvivesBsRestart() {
        String app = onBoth();
        String queue = QueueNames.main(app, "other");
        try (Rabbit rabbit = new Rabbit()) {
            Await.until(WAIT, "both instances consume", () -> rabbit.consumers(queue) == 2);
            assertEquals(
                    200,
                    apiA.post("api/applications/" + app + "/queues/other/pause", "")
                            .status());
            Await.until(WAIT, "no instance consumes the paused queue", () -> rabbit.consumers(queue) == 0);

            b.stop();
            b.start();
            String id = apiB.post(
                            "api/applications/" + app + "/jobs", "{\"type\":\"echo\",\"queue\":\"other\",\"args\":{}}")
                    .json()
                    .getString("id");
            Await.until(WAIT, "the job waits in the paused queue", () -> rabbit.messages(queue) == 1);
            assertEquals(0, rabbit.consumers(queue), "B honours the pause after its restart");
            assertTrue(pausedOn(apiB, app, "other"), "B shows the queue paused");

            assertEquals(
                    200,
                    apiB.post("api/applications/" + app + "/queues/other/resume", "")
                            .status());
            Await.until(
                    WAIT, "the job runs after resume", () -> apiA.hasEvent(id, "after") || apiB.hasEvent(id, "after"));
            Await.until(WAIT, "both consume again", () -> rabbit.consumers(queue) == 2);
        }
    }

    @Test
    void theKeysOfAKilledInstanceAreRecovered() {
        String onlyB = onlyOnB();
        String queueKey = "qk-" + System.nanoTime();
        String executionKey = "ek-" + System.nanoTime();
        String id = apiB.enqueue(
                onlyB,
                "sleep",
                "{\"millis\":8000,\"queueKey\":\"" + queueKey + "\",\"executionKey\":\"" + executionKey + "\"}");
        Await.until(WAIT, "the job runs on B", () -> apiB.hasEvent(id, "before"));

        b.kill();
        // its heartbeat is still fresh, so a cluster request expects it and reports that it did not answer
        assertEquals(
                List.of(b.instanceName()),
                apiA
                        .get("api/cluster")
                        .json()
                        .getJsonArray("unanswered")
                        .getValuesAs(jakarta.json.JsonString.class)
                        .stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());

        // the message went back to the queue; A takes the application over and finishes the job
        assertEquals(
                201,
                apiA.put("api/applications/" + onlyB, "{\"queues\":{\"default\":3}}")
                        .status());
        Await.until(WAIT, "A runs the job of the killed instance", () -> apiA.hasEvent(id, "after"));
        Await.until(
                WAIT,
                "both keys are free",
                () -> apiA.post(
                                        "api/applications/" + onlyB + "/jobs",
                                        "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + queueKey
                                                + "\",\"executionKey\":\"" + executionKey + "\"}}")
                                .status()
                        == 201);
    }
}
