package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.TwoInstances;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recurring jobs on two instances sharing RabbitMQ and PostgreSQL: each time fires once in the
 * cluster, a killed instance is covered by the other, and operators pause, resume, run now and delete
 * them through the API. Each test makes its own application.
 */
class RecurringJobsIT {

    static final Duration WAIT = Duration.ofSeconds(90);

    /** A recurring job from the configuration, in an application the configuration starts. */
    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances(
            Map.of(
                    "roger.applications", "recfixed:default=2",
                    "roger.recurring", "recfixed/yearly",
                    "roger.recurring.recfixed.yearly.type", "echo",
                    "roger.recurring.recfixed.yearly.cron", "0 0 1 1 *",
                    "roger.recurring.recfixed.yearly.zone", "Europe/Amsterdam"),
            TestWar::build,
            Postgres::microArguments);

    final MicroProcess a = cluster.a();
    final MicroProcess b = cluster.b();
    final Api apiA = cluster.apiA();
    final Api apiB = cluster.apiB();

    private String onBoth() {
        return cluster.application("rec", Map.of("default", 4), a, b);
    }

    private static Api.Reply define(Api api, String application, String name, String body) {
        return api.put("api/applications/" + application + "/recurring/" + name, body);
    }

    private static List<JsonObject> fires(Api api, String application, String name) {
        Api.Reply reply = api.get("api/applications/" + application + "/recurring/" + name + "/fires?limit=500");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static JsonObject recurring(Api api, String application, String name) {
        Api.Reply reply = api.get("api/applications/" + application + "/recurring/" + name);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** Runs per job id ("before" events), summed over both instances. */
    private Map<String, Integer> runs() {
        Map<String, Integer> runs = new HashMap<>();
        for (Api api : List.of(apiA, apiB)) {
            api.get("api/probe/events").json().forEach((id, events) -> {
                long before = events.asJsonArray().getValuesAs(JsonObject.class).stream()
                        .filter(e -> e.getString("kind").equals("before"))
                        .count();
                runs.merge(id, (int) before, Integer::sum);
            });
        }
        return runs;
    }

    private static long fireAt(JsonObject fire) {
        return Instant.parse(fire.getString("fireAt")).toEpochMilli();
    }

    /** The fires in time order, checked to be one a second with none missing between the first and the last. */
    private static List<JsonObject> everySecond(List<JsonObject> latestFirst) {
        List<JsonObject> fires = new ArrayList<>(latestFirst);
        java.util.Collections.reverse(fires);
        for (int i = 1; i < fires.size(); i++) {
            assertEquals(
                    fireAt(fires.get(i - 1)) + 1000,
                    fireAt(fires.get(i)),
                    "the fire after " + fires.get(i - 1).getString("fireAt") + " is one second later");
        }
        return fires;
    }

    @Test
    void aScheduleEverySecondFiresEachSecondExactlyOnceAcrossTheCluster() {
        String application = onBoth();
        Api.Reply created =
                define(apiA, application, "tick", "{\"type\":\"echo\",\"args\":{\"n\":1},\"cron\":\"* * * * * *\"}");
        assertEquals(201, created.status(), created.body());

        Await.until(
                Duration.ofSeconds(60),
                "32 fires",
                () -> fires(apiB, application, "tick").size() >= 32);
        assertEquals(
                200,
                apiB.post("api/applications/" + application + "/recurring/tick/pause", "")
                        .status());

        List<JsonObject> fires = everySecond(fires(apiA, application, "tick"));
        assertTrue(fires.size() >= 32, "fires: " + fires.size());
        List<JsonObject> window = fires.subList(1, 31);
        List<String> ids = window.stream().map(f -> f.getString("jobId")).toList();
        for (JsonObject fire : window) {
            assertEquals("enqueued", fire.getString("outcome"), fire.toString());
        }
        Await.until(WAIT, "the 30 jobs ran", () -> runs().keySet().containsAll(ids));
        Map<String, Integer> runs = runs();
        for (String id : ids) {
            assertEquals(1, runs.get(id), "the job of one second ran " + runs.get(id) + " times: " + id);
        }
        assertEquals(30, java.util.Set.copyOf(ids).size(), "one job per second");
    }

    @Test
    void killingTheInstanceThatFiredLastLosesNoFireAndDoublesAtMostOne() {
        String application = onBoth();
        String queue = QueueNames.main(application, "default");
        // the jobs stay in their queue, where the test counts them
        assertEquals(
                200,
                apiA.post("api/applications/" + application + "/queues/default/pause", "")
                        .status());
        assertEquals(
                201,
                define(apiA, application, "tick", "{\"type\":\"echo\",\"cron\":\"* * * * * *\"}")
                        .status());
        Await.until(WAIT, "5 fires", () -> fires(apiA, application, "tick").size() >= 5);

        String last = fires(apiA, application, "tick").get(0).getString("instance");
        MicroProcess killed = last.equals(a.instanceName()) ? a : b;
        MicroProcess survivor = killed == a ? b : a;
        Api survivorApi = killed == a ? apiB : apiA;
        killed.kill();
        Instant killedAt = Instant.now();

        Await.until(
                WAIT,
                "the survivor fired 10 times after the kill",
                () -> fires(survivorApi, application, "tick").stream()
                                .filter(f -> f.getString("instance").equals(survivor.instanceName()))
                                .filter(f ->
                                        Instant.parse(f.getString("firedAt")).isAfter(killedAt))
                                .count()
                        >= 10);
        assertEquals(
                200,
                survivorApi
                        .post("api/applications/" + application + "/recurring/tick/pause", "")
                        .status());

        List<JsonObject> fires = everySecond(fires(survivorApi, application, "tick"));
        Map<String, Integer> published = new HashMap<>();
        try (Rabbit rabbit = new Rabbit()) {
            GetResponse message;
            while ((message = rabbit.take(queue)) != null) {
                String body = new String(message.getBody(), StandardCharsets.UTF_8);
                String id =
                        Json.createReader(new StringReader(body)).readObject().getString("id");
                published.merge(id, 1, Integer::sum);
            }
        }
        int doubled = 0;
        for (JsonObject fire : fires) {
            String id = fire.getString("jobId");
            assertNotNull(published.get(id), "the job of " + fire.getString("fireAt") + " is in its queue");
            if (published.get(id) > 1) {
                doubled++;
                assertEquals(2, published.get(id), "a fire doubled at most once");
            }
        }
        assertTrue(doubled <= 1, doubled + " fires were doubled by one kill -9");
        assertEquals(
                fires.size() + doubled,
                published.values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void operatorsPauseResumeRunNowAndDeleteARecurringJobFromEitherInstance() {
        String application = onBoth();
        Api.Reply created = define(
                apiA,
                application,
                "new-year",
                "{\"type\":\"echo\",\"args\":{\"n\":2},\"cron\":\"0 0 1 1 *\",\"zone\":\"Europe/Amsterdam\","
                        + "\"missed\":\"skip\",\"overlap\":false}");
        assertEquals(201, created.status(), created.body());
        JsonObject job = created.json();
        assertEquals("Europe/Amsterdam", job.getString("zone"));
        assertEquals("skip", job.getString("missed"));
        assertFalse(job.getBoolean("overlap"));
        assertEquals(
                java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Amsterdam"))
                        .plusYears(1)
                        .withDayOfYear(1)
                        .toLocalDate()
                        .atStartOfDay(java.time.ZoneId.of("Europe/Amsterdam"))
                        .toInstant(),
                Instant.parse(recurring(apiB, application, "new-year").getString("nextFire")),
                "the next first of January at midnight in Amsterdam");

        Api.Reply paused = apiB.post("api/applications/" + application + "/recurring/new-year/pause", "");
        assertEquals(200, paused.status(), paused.body());
        assertTrue(recurring(apiA, application, "new-year").getBoolean("paused"));
        assertTrue(recurring(apiA, application, "new-year").isNull("nextFire"));

        Api.Reply run = apiB.post("api/applications/" + application + "/recurring/new-year/run", "");
        assertEquals(202, run.status(), run.body());
        String id = run.json().getString("id");
        Await.until(WAIT, "the job run now ran", () -> apiA.hasEvent(id, "after") || apiB.hasEvent(id, "after"));
        JsonObject afterRun = recurring(apiA, application, "new-year");
        assertEquals(id, afterRun.getString("lastJobId"));
        assertEquals("run now: enqueued", afterRun.getString("lastOutcome"));

        assertEquals(
                200,
                apiA.post("api/applications/" + application + "/recurring/new-year/resume", "")
                        .status());
        assertFalse(recurring(apiB, application, "new-year").isNull("nextFire"), "fires again after resume");

        Api.Reply list = apiB.get("api/applications/" + application + "/recurring");
        assertEquals(
                List.of("new-year"),
                list.array().getValuesAs(JsonObject.class).stream()
                        .map(j -> j.getString("name"))
                        .toList());
        assertEquals(
                204,
                apiB.delete("api/applications/" + application + "/recurring/new-year")
                        .status());
        assertEquals(
                404,
                apiA.get("api/applications/" + application + "/recurring/new-year")
                        .status());
        assertEquals(
                404,
                apiA.delete("api/applications/" + application + "/recurring/new-year")
                        .status());
        assertEquals(
                404,
                apiA.post("api/applications/" + application + "/recurring/new-year/run", "")
                        .status());
    }

    @Test
    void aBadScheduleIsRefusedWithAMessageThatNamesWhatIsWrong() {
        String application = onBoth();
        Api.Reply badCron = define(apiA, application, "bad", "{\"type\":\"echo\",\"cron\":\"61 * * * *\"}");
        assertEquals(400, badCron.status(), badCron.body());
        assertTrue(badCron.body().contains("61 * * * *"), badCron.body());
        Api.Reply badZone =
                define(apiA, application, "bad", "{\"type\":\"echo\",\"cron\":\"* * * * *\",\"zone\":\"Mars/Base\"}");
        assertEquals(400, badZone.status(), badZone.body());
        assertTrue(badZone.body().contains("Mars/Base"), badZone.body());
        Api.Reply badType = define(apiA, application, "bad", "{\"type\":\"no-such-type\",\"cron\":\"* * * * *\"}");
        assertEquals(400, badType.status(), badType.body());
        assertTrue(badType.body().contains("no-such-type"), badType.body());
        Api.Reply badMissed =
                define(apiA, application, "bad", "{\"type\":\"echo\",\"cron\":\"* * * * *\",\"missed\":\"later\"}");
        assertEquals(400, badMissed.status(), badMissed.body());
        assertTrue(badMissed.body().contains("missed"), badMissed.body());
        assertEquals(
                404,
                apiA.get("api/applications/" + application + "/recurring/bad").status(),
                "nothing stored");
    }

    @Test
    void aRecurringJobFromTheConfigurationMayBePausedButNotChangedOrDeleted() {
        JsonObject configured = recurring(apiA, "recfixed", "yearly");
        assertTrue(configured.getBoolean("fromConfiguration"));
        assertEquals("0 0 1 1 *", configured.getString("cron"));

        Api.Reply replaced = define(apiB, "recfixed", "yearly", "{\"type\":\"echo\",\"cron\":\"* * * * *\"}");
        assertEquals(409, replaced.status(), replaced.body());
        assertTrue(replaced.body().contains("roger.recurring"), replaced.body());
        assertEquals(
                409, apiB.delete("api/applications/recfixed/recurring/yearly").status());

        assertEquals(
                200,
                apiB.post("api/applications/recfixed/recurring/yearly/pause", "")
                        .status());
        assertTrue(recurring(apiA, "recfixed", "yearly").getBoolean("paused"));
        assertEquals(
                200,
                apiA.post("api/applications/recfixed/recurring/yearly/resume", "")
                        .status());
        assertEquals("0 0 1 1 *", recurring(apiA, "recfixed", "yearly").getString("cron"), "unchanged");
    }
}
