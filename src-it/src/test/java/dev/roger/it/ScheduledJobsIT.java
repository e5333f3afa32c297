package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.probe.KeyedArgs;
import dev.roger.it.probe.KeyedFlakyJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.TwoInstances;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs scheduled for later, on two instances sharing RabbitMQ and PostgreSQL: they wait in the
 * database, run once when due whichever instance publishes them, survive restarts, and can be
 * cancelled, run now and moved. Each test makes its own application.
 */
class ScheduledJobsIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    /** Retries wait an hour, so a failed job stays in the retries until a test acts on it. */
    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances(
            Map.of("roger.retry.delays", "3600,3600"),
            config -> TestWar.build(config).addClasses(KeyedArgs.class, KeyedFlakyJob.class),
            Postgres::microArguments);

    final MicroProcess a = cluster.a();
    final MicroProcess b = cluster.b();
    final Api apiA = cluster.apiA();
    final Api apiB = cluster.apiB();

    private String onBoth(int concurrency) {
        return cluster.application("sch", Map.of("default", concurrency), a, b);
    }

    private static String schedule(Api api, String application, String type, String args, String when) {
        Api.Reply reply = api.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"" + type + "\",\"args\":" + args + "," + when + "}");
        assertEquals(201, reply.status(), reply.body());
        return reply.json().getString("id");
    }

    private static List<JsonObject> scheduled(Api api, String application) {
        Api.Reply reply = api.get("api/applications/" + application + "/scheduled?limit=500");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static List<String> ids(List<JsonObject> jobs) {
        return jobs.stream().map(job -> job.getString("id")).toList();
    }

    /** Events of the given kind per job id, summed over both instances. */
    private Map<String, List<JsonObject>> events(String kind) {
        Map<String, List<JsonObject>> byJob = new HashMap<>();
        for (Api api : List.of(apiA, apiB)) {
            JsonObject all = api.get("api/probe/events").json();
            all.forEach((id, events) -> events.asJsonArray().getValuesAs(JsonObject.class).stream()
                    .filter(e -> e.getString("kind").equals(kind))
                    .forEach(e ->
                            byJob.computeIfAbsent(id, x -> new ArrayList<>()).add(e)));
        }
        return byJob;
    }

    @Test
    void aThousandJobsDueInTheSameSecondEachRunExactlyOnce() {
        String application = onBoth(20);
        Instant due = Instant.now().plusSeconds(8).truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (Api api : List.of(apiA, apiB)) {
            String jobs = java.util.stream.IntStream.range(0, 500)
                    .mapToObj(i -> "{\"type\":\"echo\",\"args\":{\"n\":" + i + "},\"at\":\"" + due + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
            Api.Reply reply = api.post("api/applications/" + application + "/jobs", jobs);
            assertEquals(200, reply.status(), reply.body());
            for (JsonValue result : reply.array()) {
                ids.add(result.asJsonObject().getString("id"));
            }
        }
        assertEquals(1000, ids.size());

        Await.until(WAIT, "all 1,000 jobs ran", () -> events("after").keySet().containsAll(ids));
        Map<String, List<JsonObject>> started = events("before");
        for (String id : ids) {
            List<JsonObject> runs = started.get(id);
            assertEquals(1, runs.size(), "job " + id + " ran " + runs.size() + " times");
            Instant startedAt = Instant.parse(runs.get(0).getString("startedAt"));
            assertFalse(startedAt.isBefore(due), "job " + id + " started at " + startedAt + ", before " + due);
        }
        assertTrue(scheduled(apiA, application).isEmpty(), "no job is left waiting");
    }

    @Test
    void aJobScheduledAnHourAheadIsStillThereAfterBothInstancesRestart() {
        String application = onBoth(2);
        String id = schedule(apiA, application, "echo", "{}", "\"delay\":\"PT1H\"");
        assertEquals(List.of(id), ids(scheduled(apiB, application)));

        a.stop();
        b.stop();
        MicroProcess.startTogether(a, b);

        List<JsonObject> after = scheduled(apiB, application);
        assertEquals(List.of(id), ids(after), "the job survived the restart of every instance");
        Instant dueAt = Instant.parse(after.get(0).getString("dueAt"));
        assertTrue(dueAt.isAfter(Instant.now().plus(Duration.ofMinutes(55))), "still due in an hour: " + dueAt);
        assertFalse(events("before").containsKey(id), "it has not run");
    }

    @Test
    void scheduledJobsAreCancelledRunNowAndMoved() {
        String application = onBoth(2);
        String cancelled = schedule(apiA, application, "echo", "{}", "\"delay\":3600");
        String runNow = schedule(apiA, application, "echo", "{}", "\"delay\":3600");
        String moved = schedule(apiA, application, "echo", "{}", "\"delay\":3600");
        String deleted = schedule(apiA, application, "echo", "{}", "\"delay\":3600");

        assertEquals(
                202,
                apiB.delete("api/applications/" + application + "/jobs/" + cancelled)
                        .status());
        assertEquals(
                204,
                apiA.delete("api/applications/" + application + "/scheduled/" + deleted)
                        .status());
        assertEquals(
                404,
                apiA.delete("api/applications/" + application + "/scheduled/" + deleted)
                        .status());
        Api.Reply run = apiB.post("api/applications/" + application + "/scheduled/" + runNow + "/run", "");
        assertEquals(202, run.status(), run.body());
        Instant movedTo = Instant.now().plusSeconds(4);
        Api.Reply move = apiA.post(
                "api/applications/" + application + "/scheduled/" + moved + "/move", "{\"at\":\"" + movedTo + "\"}");
        assertEquals(200, move.status(), move.body());

        Await.until(WAIT, "the job run now ran", () -> events("after").containsKey(runNow));
        Await.until(WAIT, "the moved job ran", () -> events("after").containsKey(moved));
        Instant movedStarted = Instant.parse(events("before").get(moved).get(0).getString("startedAt"));
        assertFalse(movedStarted.isBefore(movedTo), "the moved job started at " + movedStarted + ", before " + movedTo);
        Map<String, List<JsonObject>> cancelledEvents = events("cancelled");
        assertEquals(1, cancelledEvents.get(cancelled).size(), "JobCancelled fires once for the cancelled job");
        assertEquals(1, cancelledEvents.get(deleted).size(), "and once for the deleted one");
        assertFalse(events("before").containsKey(cancelled), "a cancelled job never runs");
        assertTrue(scheduled(apiA, application).isEmpty());
        assertEquals(
                404,
                apiA.post("api/applications/" + application + "/scheduled/" + runNow + "/run", "")
                        .status(),
                "a job that ran is no longer scheduled");
    }

    @Test
    void aScheduledJobHoldsItsQueueKeyAndTakesItsExecutionKeysTurnOnlyWhenDue() {
        String application = onBoth(4);
        String key = "invoice-" + System.nanoTime();
        schedule(apiA, application, "sleep", "{\"millis\":1,\"queueKey\":\"" + key + "\"}", "\"delay\":3600");
        Api.Reply duplicate = apiB.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + key + "\"}}");
        assertEquals(409, duplicate.status(), "the queue key is held while the job waits: " + duplicate.body());

        String line = "customer-" + System.nanoTime();
        Instant due = Instant.now().plusSeconds(6);
        String later = schedule(
                apiA,
                application,
                "sleep",
                "{\"millis\":1,\"executionKey\":\"" + line + "\"}",
                "\"at\":\"" + due + "\"");
        String now = apiB.enqueue(application, "sleep", "{\"millis\":1,\"executionKey\":\"" + line + "\"}");

        Await.until(WAIT, "the job enqueued now ran", () -> events("after").containsKey(now));
        Instant nowStarted = Instant.parse(events("before").get(now).get(0).getString("startedAt"));
        assertTrue(
                nowStarted.isBefore(due),
                "a job scheduled with the same execution key does not hold the line before it is due");
        Await.until(
                WAIT, "the scheduled job ran when due", () -> events("after").containsKey(later));
    }

    private static List<JsonObject> retries(Api api, String application) {
        Api.Reply reply = api.get("api/applications/" + application + "/retries?limit=500");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    @Test
    void aFailedJobWaitsAmongTheRetriesWithItsErrorUntilAnOperatorActs() {
        // runs on A only: the flaky job counts its attempts in A's memory; B enqueues, lists and acts
        String application = cluster.application("sch", Map.of("default", 4), a);
        String line = "customer-" + System.nanoTime();
        String keyed = "{\"failures\":1,\"executionKey\":\"" + line + "\",\"key\":\"";
        String retriedNow = apiA.enqueue(application, "keyed-flaky", keyed + "a-" + System.nanoTime() + "\"}");
        String retriedWithAll = apiA.enqueue(application, "keyed-flaky", keyed + "b-" + System.nanoTime() + "\"}");
        String queueKey = "invoice-" + System.nanoTime();
        String givenUp = apiA.enqueue(
                application, "keyed-flaky", keyed + "c-" + System.nanoTime() + "\",\"queueKey\":\"" + queueKey + "\"}");
        List<String> failed = List.of(retriedNow, retriedWithAll, givenUp);

        Await.until(
                WAIT,
                "the three failed jobs wait for their retry",
                () -> ids(retries(apiB, application)).containsAll(failed));
        JsonObject first = retries(apiB, application).stream()
                .filter(job -> job.getString("id").equals(retriedNow))
                .findFirst()
                .orElseThrow();
        assertEquals(1, first.getInt("attempt"));
        assertTrue(first.getString("lastError").contains("fails on purpose"), first.toString());
        assertTrue(
                Instant.parse(first.getString("dueAt")).isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                "the next attempt waits its level's delay: " + first);
        Api.Reply sameQueueKey = apiB.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + queueKey + "\"}}");
        assertEquals(
                409, sameQueueKey.status(), "a job waiting for its retry keeps its queue key: " + sameQueueKey.body());
        String sameLine = apiB.enqueue(application, "sleep", "{\"millis\":1,\"executionKey\":\"" + line + "\"}");
        Await.until(
                WAIT,
                "a job of the same execution key runs while the failed ones wait (they gave their turn up)",
                () -> events("after").containsKey(sameLine));

        assertEquals(
                202,
                apiA.post("api/applications/" + application + "/retries/" + retriedNow + "/run", "")
                        .status());
        Await.until(WAIT, "retry now runs the job", () -> events("after").containsKey(retriedNow));
        assertEquals(
                204,
                apiB.delete("api/applications/" + application + "/retries/" + givenUp)
                        .status());
        Api.Reply all = apiA.post("api/applications/" + application + "/retries/run-all", "");
        assertEquals(202, all.status(), all.body());
        Await.until(WAIT, "retry all runs the other", () -> events("after").containsKey(retriedWithAll));

        assertEquals(1, events("cancelled").get(givenUp).size(), "the job given up fires JobCancelled once");
        assertEquals(
                201,
                apiB.post(
                                "api/applications/" + application + "/jobs",
                                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + queueKey + "\"}}")
                        .status(),
                "giving the job up released its queue key");
        assertFalse(events("after").containsKey(givenUp));
        assertTrue(retries(apiA, application).isEmpty());
    }

    @Test
    void aRetryIsNotTakenForAScheduledJobNorAScheduledJobForARetry() {
        String application = cluster.application("sch", Map.of("default", 2), a);
        String retry = apiA.enqueue(
                application,
                "keyed-flaky",
                "{\"failures\":1,\"executionKey\":\"k-" + System.nanoTime() + "\",\"key\":\"r-" + System.nanoTime()
                        + "\"}");
        String scheduled = schedule(apiA, application, "echo", "{}", "\"delay\":3600");
        Await.until(
                WAIT,
                "the failed job waits for its retry",
                () -> ids(retries(apiB, application)).contains(retry));
        String retries = "api/applications/" + application + "/retries/";
        String scheduledJobs = "api/applications/" + application + "/scheduled/";

        assertEquals(404, apiB.delete(retries + scheduled).status(), "a scheduled job is no retry to give up");
        assertEquals(404, apiB.post(retries + scheduled + "/run", "").status(), "nor to run now");
        assertEquals(404, apiB.delete(scheduledJobs + retry).status(), "a retry is no scheduled job to delete");
        assertEquals(404, apiB.post(scheduledJobs + retry + "/run", "").status(), "nor to run now");
        assertEquals(
                404,
                apiB.post(scheduledJobs + retry + "/move", "{\"delay\":7200}").status(),
                "nor to move");

        assertTrue(ids(scheduled(apiB, application)).contains(scheduled), "the scheduled job still waits");
        JsonObject waiting = retries(apiB, application).stream()
                .filter(job -> job.getString("id").equals(retry))
                .findFirst()
                .orElseThrow();
        assertTrue(
                Instant.parse(waiting.getString("dueAt")).isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                "the retry still waits its level's delay, not moved: " + waiting);
        assertEquals(204, apiB.delete(retries + retry).status());
        assertEquals(204, apiB.delete(scheduledJobs + scheduled).status());
        assertFalse(events("after").containsKey(retry));
        assertFalse(events("after").containsKey(scheduled));
    }

    @Test
    void badTimesAreRefusedWithTheFieldNamed() {
        String application = onBoth(1);
        Api.Reply both = apiA.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"echo\",\"at\":\"2030-01-01T00:00:00Z\",\"delay\":5}");
        assertEquals(400, both.status());
        assertTrue(both.json().getString("detail").contains("not both"), both.body());
        Api.Reply badAt =
                apiA.post("api/applications/" + application + "/jobs", "{\"type\":\"echo\",\"at\":\"tomorrow\"}");
        assertEquals(400, badAt.status());
        assertTrue(badAt.json().getString("detail").contains("'at' must be an ISO-8601 instant"), badAt.body());
        Api.Reply negative = apiA.post("api/applications/" + application + "/jobs", "{\"type\":\"echo\",\"delay\":-5}");
        assertEquals(400, negative.status());
        assertTrue(negative.json().getString("detail").contains("'delay' must not be negative"), negative.body());
        JsonArray none = apiA.get("api/applications/" + application + "/scheduled")
                .json()
                .getJsonArray("items");
        assertTrue(none.isEmpty(), "nothing was scheduled");
    }

    @Test
    void timesBeyondTheHorizonAndOverlongTimesAreRefusedWith400() {
        String application = onBoth(1);
        String jobs = "api/applications/" + application + "/jobs";
        Api.Reply farAhead = apiA.post(jobs, "{\"type\":\"echo\",\"at\":\"+300000000-01-01T00:00:00Z\"}");
        assertEquals(400, farAhead.status(), farAhead.body());
        assertTrue(farAhead.json().getString("detail").contains("roger.schedule.max-horizon"), farAhead.body());
        Api.Reply longDelay = apiA.post(jobs, "{\"type\":\"echo\",\"delay\":400000000}");
        assertEquals(400, longDelay.status(), longDelay.body());
        assertTrue(longDelay.json().getString("detail").contains("roger.schedule.max-horizon"), longDelay.body());
        // a million digits: refused by its length before anything reads it as a number
        Api.Reply millionDigits = apiA.post(jobs, "{\"type\":\"echo\",\"delay\":\"" + "9".repeat(1_000_000) + "\"}");
        assertEquals(400, millionDigits.status());
        assertTrue(millionDigits.json().getString("detail").contains("'delay' is 1000000 characters long"));

        String id = schedule(apiA, application, "echo", "{}", "\"delay\":3600");
        Api.Reply moveFar =
                apiA.post("api/applications/" + application + "/scheduled/" + id + "/move", "{\"delay\":1e15}");
        assertEquals(400, moveFar.status(), moveFar.body());
        Api.Reply moveBeyond = apiA.post(
                "api/applications/" + application + "/scheduled/" + id + "/move",
                "{\"at\":\"+300000000-01-01T00:00:00Z\"}");
        assertEquals(400, moveBeyond.status(), moveBeyond.body());
        assertTrue(moveBeyond.json().getString("detail").contains("roger.schedule.max-horizon"), moveBeyond.body());
        assertEquals(List.of(id), ids(scheduled(apiA, application)), "only the job scheduled in range waits");
    }
}
