package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.probe.BrokenJob;
import dev.roger.it.probe.RedactingJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.TwoInstances;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Job records on two instances sharing RabbitMQ and PostgreSQL: every outcome moves a job's record
 * through its states, read through the API from the instance that did not enqueue it; the record of an
 * enqueue is visible at once where it was made; a database outage delays records, never jobs.
 */
class JobRecordsIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    /** The instances reach PostgreSQL through this proxy, so a test can take the database away. */
    static final TcpProxy DATABASE = new TcpProxy(5432).start();

    static final String UNRECORDED = TestWar.uniqueApplication("norec");

    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances(
            Map.of(
                    "roger.retry.delays",
                    "1,1",
                    "roger.applications",
                    UNRECORDED + ":default=1",
                    "roger.records.off",
                    UNRECORDED),
            config -> TestWar.build(config).addClasses(BrokenJob.class, RedactingJob.class),
            postgres -> postgres.microArguments(DATABASE.port()));

    final MicroProcess a = cluster.a();
    final MicroProcess b = cluster.b();
    final Api apiA = cluster.apiA();
    final Api apiB = cluster.apiB();

    @AfterAll
    static void closeProxy() {
        DATABASE.close();
    }

    /** Jobs run on B only, so the records of their runs are written by B and read from A. */
    /**
     * Pauses the queue from A and waits until B, which consumes it, has paused it too: B hears of the
     * pause on the bus, and a job enqueued before that would run at once.
     */
    private void pauseEverywhere(String application) {
        assertEquals(
                200,
                apiA.post("api/applications/" + application + "/queues/default/pause", "")
                        .status());
        Await.until(
                Duration.ofSeconds(10),
                "B pauses the queue too",
                () -> apiB.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                        .filter(a -> a.getString("name").equals(application))
                        .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                        .anyMatch(q -> q.getString("name").equals("default") && q.getBoolean("paused")));
    }

    private String enqueuedOnAWorkedOnB(int concurrency) {
        return cluster.application("rec", Map.of("default", concurrency), b);
    }

    private static JsonObject record(Api api, String application, String id) {
        Api.Reply reply = api.get("api/applications/" + application + "/jobs/" + id);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static String state(Api api, String application, String id) {
        Api.Reply reply = api.get("api/applications/" + application + "/jobs/" + id);
        return reply.status() == 200 ? reply.json().getString("state") : "HTTP " + reply.status();
    }

    private static void awaitState(Api api, String application, String id, String state) {
        Await.until(WAIT, "job " + id + " is " + state, () -> state.equals(state(api, application, id)));
    }

    @Test
    void aSucceededJobsRecordIsReadFromTheOtherInstanceAndTheEnqueuesLocationPointsAtIt() {
        String application = enqueuedOnAWorkedOnB(2);
        Api.Reply enqueued =
                apiA.post("api/applications/" + application + "/jobs", "{\"type\":\"echo\",\"args\":{\"n\":7}}");
        assertEquals(201, enqueued.status(), enqueued.body());
        String id = enqueued.json().getString("id");
        String location = enqueued.header("Location");
        assertNotNull(location, "the 201 carries the record's URL");
        assertTrue(location.endsWith("/roger/api/applications/" + application + "/jobs/" + id), location);

        awaitState(apiA, application, id, "succeeded");
        JsonObject record = record(apiA, application, id);
        assertEquals("echo", record.getString("type"));
        assertEquals("default", record.getString("queue"));
        assertEquals(0, record.getInt("attempt"));
        assertEquals(b.instanceName(), record.getString("instance"), "B ran it");
        assertEquals(7, record.getJsonObject("args").getInt("n"));
        assertEquals(7, record.getJsonObject("result").getInt("n"), "echo returns its args");
        Instant enqueuedAt = Instant.parse(record.getString("enqueuedAt"));
        Instant startedAt = Instant.parse(record.getString("startedAt"));
        Instant finishedAt = Instant.parse(record.getString("finishedAt"));
        assertFalse(startedAt.isBefore(enqueuedAt.minusSeconds(1)));
        assertFalse(finishedAt.isBefore(startedAt));
        assertEquals(
                404,
                apiB.get("api/applications/" + application + "/jobs/" + UUID.randomUUID())
                        .status());
    }

    @Test
    void aTypeThatRedactsItsArgsHasThemRedactedInTheRecordsOfItsEnqueueAndItsRun() {
        String application = enqueuedOnAWorkedOnB(1);
        pauseEverywhere(application);
        Api.Reply enqueued = apiA.post(
                "api/applications/" + application + "/jobs",
                "{\"type\":\"redacting\",\"args\":{\"user\":\"ann\",\"password\":\"s3cret\"}}");
        assertEquals(201, enqueued.status(), enqueued.body());
        String id = enqueued.json().getString("id");
        // the enqueue's own change, read where it was made, before any run
        JsonObject queued = record(apiA, application, id);
        assertEquals("queued", queued.getString("state"));
        assertEquals("***", queued.getJsonObject("args").getString("password"), queued.toString());

        assertEquals(
                200,
                apiA.post("api/applications/" + application + "/queues/default/resume", "")
                        .status());
        awaitState(apiA, application, id, "succeeded");
        // the row B wrote at the end of the run, read on A
        JsonObject record = record(apiA, application, id);
        assertEquals(b.instanceName(), record.getString("instance"), "B ran it");
        assertEquals("ann", record.getJsonObject("args").getString("user"));
        assertEquals("***", record.getJsonObject("args").getString("password"), record.toString());
        assertFalse(record.toString().contains("s3cret"), record.toString());
    }

    @Test
    void anEnqueuesRecordIsVisibleAtOnceWhereItWasMadeAndSoonOnTheOther() {
        String application = cluster.application("rec", Map.of("default", 1), a, b);
        pauseEverywhere(application);
        String id = apiA.enqueue(application, "echo", "{}");
        assertEquals("queued", state(apiA, application, id), "at once on the enqueuing instance");
        long start = System.nanoTime();
        Await.until(
                Duration.ofSeconds(5),
                "the other instance sees it",
                () -> "queued".equals(state(apiB, application, id)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("JobRecordsIT: the record was seen on the other instance after " + millis + " ms");
        assertTrue(millis < 2_000, "seen on the other instance after " + millis + " ms");
        // its enqueue's change is held on A for the hold (5 s), then written: B reads the row
        Await.until(
                Duration.ofSeconds(15),
                "the other instance reads the queued job's row (its type) once it is older than the hold",
                () -> record(apiB, application, id).get("type") instanceof jakarta.json.JsonString type
                        && type.getString().equals("echo"));
        long rowMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.println(
                "JobRecordsIT: the queued job's row was read on the other instance after " + rowMillis + " ms");
        assertTrue(rowMillis < 8_000, "the queued job's row read on the other instance after " + rowMillis + " ms");
        assertEquals("queued", state(apiB, application, id));
        apiA.post("api/applications/" + application + "/queues/default/resume", "");
        awaitState(apiB, application, id, "succeeded");
    }

    @Test
    void aJobRetriedThenSucceededShowsItsAttemptAndLastError() {
        String application = enqueuedOnAWorkedOnB(2);
        String id = apiA.enqueue(application, "flaky", "{\"key\":\"" + UUID.randomUUID() + "\",\"failures\":1}");
        awaitState(apiA, application, id, "succeeded");
        JsonObject record = record(apiA, application, id);
        assertEquals(1, record.getInt("attempt"), "the second run succeeded");
        assertTrue(record.getString("lastError").contains("attempt 1 fails on purpose"), record.toString());
    }

    @Test
    void aJobThatUsedItsRetriesIsBuriedAndOneNotRetryableFailedWithItsStack() {
        String application = enqueuedOnAWorkedOnB(2);
        String buried = apiA.enqueue(application, "fail", "{}");
        String failed = apiA.enqueue(application, "broken", "{}");
        awaitState(apiA, application, buried, "buried");
        assertEquals(2, record(apiA, application, buried).getInt("attempt"), "two retries, then burial");
        awaitState(apiA, application, failed, "failed");
        JsonObject record = record(apiA, application, failed);
        assertTrue(record.getString("lastError").contains("broken on purpose"), record.toString());
        assertTrue(record.getString("errorStack").contains("BrokenJob.perform"), record.toString());

        Api.Reply failedList = apiB.get("api/applications/" + application + "/jobs?state=failed");
        assertEquals(200, failedList.status(), failedList.body());
        assertEquals(
                List.of(failed),
                failedList.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                        .map(j -> j.getString("id"))
                        .toList());
        assertEquals(
                202,
                apiB.post("api/applications/" + application + "/jobs/" + failed + "/retry", "")
                        .status());
        Await.until(
                WAIT,
                "the retried job ran a second time",
                () -> apiB.events(failed).stream()
                                .filter(e -> e.getString("kind").equals("before"))
                                .count()
                        >= 2);
        awaitState(apiA, application, failed, "failed");
    }

    @Test
    void cancelledJobsQueuedOrRunningAreRecordedAsCancelled() {
        String application = enqueuedOnAWorkedOnB(2);
        String running = apiA.enqueue(application, "sleep", "{\"millis\":60000}");
        awaitState(apiA, application, running, "running");
        assertEquals(
                202,
                apiA.delete("api/applications/" + application + "/jobs/" + running)
                        .status());
        awaitState(apiA, application, running, "cancelled");

        pauseEverywhere(application);
        String queued = apiA.enqueue(application, "echo", "{}");
        assertEquals(
                202,
                apiB.delete("api/applications/" + application + "/jobs/" + queued)
                        .status());
        apiA.post("api/applications/" + application + "/queues/default/resume", "");
        awaitState(apiB, application, queued, "cancelled");
        assertNotNull(record(apiB, application, queued).getString("finishedAt"));
    }

    @Test
    void aJobOfAnUnknownTypeIsRecordedAsParked() throws Exception {
        String application = enqueuedOnAWorkedOnB(1);
        String id = UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"type\":\"no-such-type\",\"args\":{},\"retryCount\":0,\"queuedAt\":\""
                + Instant.now() + "\"}";
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(QueueNames.main(application, "default"), body.getBytes(StandardCharsets.UTF_8), id);
        }
        awaitState(apiA, application, id, "parked");
        assertTrue(record(apiA, application, id).getString("lastError").contains("no-such-type"));
    }

    @Test
    void aScheduledJobIsRecordedFromItsScheduleToItsEnd() {
        String application = enqueuedOnAWorkedOnB(1);
        Api.Reply scheduled = apiA.post(
                "api/applications/" + application + "/jobs", "{\"type\":\"echo\",\"args\":{},\"delay\":3600}");
        assertEquals(201, scheduled.status(), scheduled.body());
        String id = scheduled.json().getString("id");
        awaitState(apiB, application, id, "scheduled");
        Instant dueAt = Instant.parse(record(apiB, application, id).getString("dueAt"));
        assertTrue(dueAt.isAfter(Instant.now().plusSeconds(3000)), "due in an hour: " + dueAt);
        assertEquals(
                202,
                apiB.post("api/applications/" + application + "/scheduled/" + id + "/run", "")
                        .status());
        awaitState(apiA, application, id, "succeeded");
    }

    @Test
    void anApplicationWithoutRecordsAnswers404SayingSo() {
        String id = apiA.enqueue(UNRECORDED, "echo", "{}");
        Api.Reply reply = apiB.get("api/applications/" + UNRECORDED + "/jobs/" + id);
        assertEquals(404, reply.status(), reply.body());
        assertTrue(reply.body().contains("records are off"), reply.body());
    }

    @Test
    void aTenSecondDatabaseOutageDelaysRecordsButNotJobs() {
        String application = enqueuedOnAWorkedOnB(4);
        List<String> ids = new ArrayList<>();
        DATABASE.stop();
        long outageStart = System.nanoTime();
        try {
            // B runs the application, so it enqueues without asking the database where its queue is
            while (System.nanoTime() - outageStart < Duration.ofSeconds(10).toNanos()) {
                String id = apiB.enqueue(application, "echo", "{\"n\":" + ids.size() + "}");
                ids.add(id);
                Await.until(
                        Duration.ofSeconds(5),
                        "job " + id + " ran with the database away",
                        () -> apiB.hasEvent(id, "after"));
            }
        } finally {
            DATABASE.start();
        }
        assertTrue(ids.size() >= 5, "jobs kept running through the outage: " + ids.size());
        for (String id : ids) {
            awaitState(apiA, application, id, "succeeded");
        }
        JsonObject status = apiB.get("api/records").json();
        assertEquals(0, status.getJsonNumber("dropped").longValue(), status.toString());
    }
}
