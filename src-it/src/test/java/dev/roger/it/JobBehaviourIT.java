package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.probe.AsyncObserver;
import dev.roger.it.probe.KeyedArgs;
import dev.roger.it.probe.KeyedFlakyJob;
import dev.roger.it.probe.StrictFlakyJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a job and its producer see: execution keys while a job waits for its retry, asynchronous
 * observers, and the REST enqueue of one job and of many.
 */
class JobBehaviourIT {

    static final String APP = TestWar.uniqueApplication("behaviour");
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough that a job enqueued after a failure clearly runs before the failed job's retry. */
    static final int RETRY_DELAY_SECONDS = 4;

    static MicroProcess micro;
    static Api api;

    @BeforeAll
    static void start() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2");
        config.put("roger.retry.delays", RETRY_DELAY_SECONDS + "," + (RETRY_DELAY_SECONDS + 1));
        micro = new MicroProcess(
                        TestWar.export(TestWar.build(config)
                                .addClasses(
                                        KeyedArgs.class,
                                        KeyedFlakyJob.class,
                                        StrictFlakyJob.class,
                                        AsyncObserver.class)),
                        Map.of())
                .start();
        api = new Api(micro.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (micro != null) {
            micro.stop();
        }
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"),
                    APP + "-default.retry." + RETRY_DELAY_SECONDS,
                    APP + "-default.retry." + (RETRY_DELAY_SECONDS + 1)));
        }
    }

    @Test
    void aJobWaitingForItsRetryLetsTheNextJobWithItsExecutionKeyRun() {
        SameKey jobs = failOnceThenEnqueueAnother("keyed-flaky");

        long retried = at(jobs.first(), "before", 1);
        long nextStarted = at(jobs.next(), "before", 0);
        assertTrue(
                nextStarted < retried,
                "the next job ran while the first waited for its retry: next started at " + nextStarted
                        + ", the retry at " + retried);
    }

    @Test
    void aStrictOrderJobKeepsItsPlaceWhileItWaitsForItsRetry() {
        SameKey jobs = failOnceThenEnqueueAnother("strict-flaky");

        long firstSucceeded = at(jobs.first(), "after", 0);
        long nextStarted = at(jobs.next(), "before", 0);
        assertTrue(
                nextStarted >= firstSucceeded,
                "the next job waited for the retried one: next started at " + nextStarted + ", the first succeeded at "
                        + firstSucceeded);
    }

    private record SameKey(String first, String next) {}

    /** A job that fails once, and once it has failed a second job with the same execution key; both succeed. */
    private static SameKey failOnceThenEnqueueAnother(String type) {
        String key = "ek-" + System.nanoTime();
        String first = api.enqueue(APP, type, keyed("first-" + key, 1, key));
        Await.until(WAIT, "the first job fails", () -> api.hasEvent(first, "failed"));
        String next = api.enqueue(APP, type, keyed("next-" + key, 0, key));
        Await.until(WAIT, "both jobs succeed", () -> api.hasEvent(first, "after") && api.hasEvent(next, "after"));
        return new SameKey(first, next);
    }

    @Test
    void asynchronousObserversReceiveJobEvents() {
        String id = api.enqueue(APP, "echo", "{\"message\":\"async\"}");
        Await.until(WAIT, "the asynchronous observer receives AfterRun", () -> api.hasEvent(id, "async-after"));

        JsonObject async = event(id, "async-after", 0);
        JsonObject after = event(id, "after", 0);
        assertEquals(after.getString("result"), async.getString("result"));
        assertNotEquals(after.getString("thread"), async.getString("thread"), "the job's worker does not wait for it");
    }

    @Test
    void aRestEnqueueAnswersCreatedWithTheIdAndTheRecordsLocation() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(micro.baseUrl() + "api/applications/" + APP + "/jobs"))
                                .header(
                                        "Authorization",
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString((Api.USER + ":" + Api.PASSWORD)
                                                                .getBytes(StandardCharsets.UTF_8)))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"echo\",\"args\":{}}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode(), response.body());
        String id = Json.createReader(new StringReader(response.body()))
                .readObject()
                .getString("id");
        String location = response.headers().firstValue("Location").orElseThrow();
        assertEquals(micro.baseUrl() + "api/applications/" + APP + "/jobs/" + id, location);
        Await.until(WAIT, "the job runs", () -> api.hasEvent(id, "after"));
        Await.until(
                WAIT,
                "its record, where Location points, says it succeeded",
                () -> api.get(location.substring(micro.baseUrl().length()))
                        .body()
                        .contains("\"state\":\"succeeded\""));
    }

    @Test
    void aBulkEnqueueAnswersOneIdOrOneErrorPerJobInOrder() {
        String queueKey = "qk-" + System.nanoTime();
        String sleeper = "{\"type\":\"sleep\",\"args\":{\"millis\":3000,\"queueKey\":\"" + queueKey + "\"}}";
        Api.Reply reply = api.post(
                "api/applications/" + APP + "/jobs",
                "["
                        + "{\"type\":\"echo\",\"args\":{\"n\":1}},"
                        + sleeper + ","
                        + sleeper + ","
                        + "{\"type\":\"no-such-type\"},"
                        + "42,"
                        + "{\"type\":\"echo\",\"queue\":\"nowhere\"},"
                        + "{\"type\":\"echo\",\"args\":{\"n\":2}}]");

        assertEquals(200, reply.status(), reply.body());
        JsonArray results = reply.array();
        assertEquals(7, results.size(), reply.body());
        List<String> enqueued = new ArrayList<>();
        for (int i : new int[] {0, 1, 6}) {
            assertTrue(results.getJsonObject(i).containsKey("id"), "job " + i + " is enqueued: " + reply.body());
            enqueued.add(results.getJsonObject(i).getString("id"));
        }
        assertProblem(results.getJsonObject(2), 409, "queue key '" + queueKey + "'");
        assertProblem(results.getJsonObject(3), 400, "no job type named 'no-such-type'");
        assertProblem(results.getJsonObject(4), 400, "job 4 must be a JSON object");
        assertProblem(results.getJsonObject(5), 400, "has no queue 'nowhere'");
        Await.until(WAIT, "the enqueued jobs run", () -> enqueued.stream().allMatch(id -> api.hasEvent(id, "after")));
    }

    @Test
    void aBulkEnqueueForAnUnknownApplicationIsNotFound() {
        Api.Reply reply = api.post("api/applications/nobody_" + System.nanoTime() + "/jobs", "[{\"type\":\"echo\"}]");

        assertEquals(404, reply.status(), reply.body());
        assertTrue(
                reply.json().getString("detail").contains("is not started on any instance of the cluster"),
                reply.body());
    }

    private static void assertProblem(JsonObject result, int status, String detail) {
        assertEquals(status, result.getInt("status"), result.toString());
        assertTrue(result.getString("detail").contains(detail), result.toString());
    }

    private static String keyed(String key, int failures, String executionKey) {
        return "{\"key\":\"" + key + "\",\"failures\":" + failures + ",\"executionKey\":\"" + executionKey + "\"}";
    }

    private static JsonObject event(String jobId, String kind, int index) {
        List<JsonObject> events = api.events(jobId).stream()
                .filter(e -> e.getString("kind").equals(kind))
                .toList();
        assertTrue(
                events.size() > index,
                "job " + jobId + " has " + (index + 1) + " '" + kind + "' events: " + api.events(jobId));
        return events.get(index);
    }

    private static long at(String jobId, String kind, int index) {
        return event(jobId, kind, index).getJsonNumber("at").longValue();
    }
}
