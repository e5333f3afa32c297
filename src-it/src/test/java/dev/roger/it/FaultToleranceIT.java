package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.FaultDrill;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.TwoInstances;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults in the middle of 10,000 jobs on two instances, each job writing a row per execution to
 * PostgreSQL: every job runs at least once (no loss), duplicates are counted and reported, pauses,
 * cancels and keys hold through the fault, and the system serves again without anybody intervening
 * (see {@link FaultDrill}).
 */
class FaultToleranceIT {

    /** Faults of the database alone: the RabbitMQ 4 run leaves them out, as the broker plays no part. */
    static final String DATABASE_FAULT = "database-fault";

    static final String APP = TestWar.uniqueApplication("fault");
    static final int JOBS = Integer.getInteger("fault.jobs", 10_000);

    /** The instances reach PostgreSQL through this proxy, so a test can take the database away. */
    static final TcpProxy DATABASE = new TcpProxy(5432).start();

    @RegisterExtension
    static final TwoInstances cluster = new TwoInstances(
            Map.of(
                    "roger.applications",
                    FaultDrill.applications(APP),
                    "roger.retry.delays",
                    "1,2,4,8,16",
                    // a database call that waits longer on the network fails
                    "roger.database.timeout",
                    "3",
                    // a short dead-instance window, so a database outage can outlast it: held back after 5 s
                    "roger.cluster.heartbeat",
                    "1",
                    "roger.cluster.dead-after",
                    "6"),
            FaultDrill::war,
            postgres -> postgres.microArguments(DATABASE.port()));

    static FaultDrill drill;
    static MicroProcess a;
    static MicroProcess b;
    static Api apiA;
    static Postgres postgres;

    @BeforeAll
    static void pauseHeld() {
        a = cluster.a();
        b = cluster.b();
        apiA = cluster.apiA();
        postgres = cluster.postgres();
        drill = new FaultDrill(APP, postgres, JOBS);
        drill.pauseHeld(apiA);
    }

    @AfterAll
    static void closeProxy() {
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>();
            for (String queue : List.of("default", "held")) {
                queues.addAll(List.of(
                        QueueNames.main(APP, queue), QueueNames.buried(APP, queue), QueueNames.delay(APP, queue, 1)));
                for (int delay : List.of(1, 2, 4, 8, 16)) {
                    queues.add(QueueNames.retry(APP, queue, delay));
                }
            }
            queues.add(QueueNames.parked(APP));
            rabbit.deleteQueues(queues);
        }
        DATABASE.close();
    }

    private static List<Api> survivors() {
        return b.running() ? List.of(apiA, cluster.apiB()) : List.of(apiA);
    }

    @Test
    void threeForcedConnectionClosesLoseNoJob() throws Exception {
        drill.survives("connection-closes", apiA, FaultToleranceIT::survivors, () -> {
            for (int i = 0; i < 3; i++) {
                Rabbit.rabbitmqctl("close_all_connections", "fault test");
                sleep(2000);
            }
        });
    }

    @Test
    void aBrokerRestartLosesNoJob() throws Exception {
        drill.survives("broker-restart", apiA, FaultToleranceIT::survivors, () -> {
            Rabbit.rabbitmqctl("stop_app");
            Rabbit.rabbitmqctl("start_app");
        });
    }

    @Test
    void malformedMessagesAreParkedAndTheJobsAroundThemRun() throws Exception {
        drill.survives("malformed", apiA, FaultToleranceIT::survivors, () -> {
            try (Rabbit rabbit = new Rabbit()) {
                for (int i = 0; i < 1000; i++) {
                    byte[] body = switch (i % 4) {
                        case 0 -> new byte[] {(byte) 0xfe, (byte) i, 0x00};
                        case 1 ->
                            "{\"id\":\"x\",\"type\":\"record\",\"args\":{\"n\":\"not a number\"}}"
                                    .getBytes(StandardCharsets.UTF_8);
                        case 2 ->
                            ("{\"id\":\"u" + i + "\",\"type\":\"nope\",\"args\":{}}").getBytes(StandardCharsets.UTF_8);
                        default -> ("{\"huge\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                    };
                    rabbit.publish(QueueNames.main(APP, "default"), body, "malformed-" + i);
                }
            }
        });
        Await.until(Duration.ofMinutes(1), "1000 parked", () -> parkedCount() == 1000);
    }

    private static long parkedCount() {
        try (Connection connection = postgres.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT COUNT(*) FROM roger_parked WHERE application = ?")) {
            query.setString(1, APP);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Tag(DATABASE_FAULT)
    void theDatabaseUnreachableForSecondsLosesNoJob() throws Exception {
        drill.survives("database-outage", apiA, FaultToleranceIT::survivors, () -> {
            DATABASE.stop();
            sleep(5000);
            DATABASE.start();
        });
    }

    /**
     * The database stops answering but keeps its connections open (every byte held): each call fails
     * within roger.database.timeout instead of holding its thread, so the heartbeat reports the trouble
     * and the workers return their jobs; none is lost once it answers again.
     */
    @Test
    @Tag(DATABASE_FAULT)
    void aDatabaseThatStopsAnsweringFailsItsCallsWithinTheirDeadlineAndLosesNoJob() throws Exception {
        drill.survives("database-stall", apiA, FaultToleranceIT::survivors, () -> {
            DATABASE.hold();
            try {
                // what bounds the heartbeat: Roger's deadline (3 s) on a connection it holds, the
                // pool's (socketTimeout 10 s, the wait for a free connection 10 s) on getting one
                Api health = new Api(a.healthUrl());
                Await.until(
                        Duration.ofSeconds(30),
                        "a heartbeat fails within its deadlines instead of hanging",
                        () -> health.anonymous("GET", "ready", null)
                                .body()
                                .contains("the shared database failed the last heartbeat"));
                sleep(3000);
            } finally {
                DATABASE.release();
            }
        });
    }

    /**
     * The database stops answering for longer than the dead-instance window (6 s here, 12 s of
     * silence): each instance, unable to record its heartbeat for 5 s, stops taking new jobs (its consumers
     * leave the queue, readiness says why) while enqueues go on; once the database answers, they take
     * jobs again, neither takes the other for dead, and no job is lost.
     */
    @Test
    @Tag(DATABASE_FAULT)
    void aDatabaseSilentLongerThanTheDeadInstanceWindowHoldsBackNewJobsAndNoInstanceIsTakenForDead() throws Exception {
        try (Rabbit rabbit = new Rabbit()) {
            // a database fault: the broker's version changes nothing, so it runs on one of them
            Assumptions.assumeTrue(rabbit.majorVersion() < 4, "run on RabbitMQ 3 only");
        }
        String takenForDead = "left by dead instances";
        int before = occurrences(takenForDead);
        String queue = QueueNames.main(APP, "default");
        drill.survives("database-silent", apiA, FaultToleranceIT::survivors, () -> {
            long silentSince = System.nanoTime();
            DATABASE.hold();
            try {
                Api health = new Api(a.healthUrl());
                Await.until(
                        Duration.ofSeconds(20),
                        "instance a holds back new jobs and says so",
                        () -> health.anonymous("GET", "ready", null).body().contains("takes no new jobs"));
                // from rabbitmqctl list_consumers: a queue.declare-ok still counts a cancelled consumer
                // whose channel holds unacknowledged jobs (seen on 3.10.8)
                Await.until(
                        Duration.ofSeconds(20),
                        "no instance consumes " + queue + " while the database is silent",
                        () -> !Rabbit.consumerPrefetch().containsKey(queue));
                // the fault's length: twice the dead-instance window
                long left = Duration.ofSeconds(12).toMillis() - (System.nanoTime() - silentSince) / 1_000_000;
                sleep(Math.max(0, left));
            } finally {
                DATABASE.release();
            }
            Await.until(
                    Duration.ofSeconds(30),
                    "the instances consume " + queue + " again",
                    () -> Rabbit.consumerPrefetch()
                                    .getOrDefault(queue, List.of())
                                    .size()
                            == survivors().size());
        });
        assertEquals(before, occurrences(takenForDead), "no instance took the other for dead after the outage");
    }

    @Test
    @Tag(DATABASE_FAULT)
    void aJobWhoseOutcomeTheDatabaseMissedDoesNotBlockItsExecutionKey() {
        String key = "outcome-lost-" + UUID.randomUUID().toString().substring(0, 6);
        String failedFinishes = "while trying to finish an execution key job";
        int before = occurrences(failedFinishes);
        Api.Reply sleeping = apiA.post(
                "api/applications/" + APP + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":5000,\"executionKey\":\"" + key + "\"}}");
        assertEquals(201, sleeping.status(), sleeping.body());
        // its turn is recorded just before it starts: from then on it sleeps for 5 s
        Await.until(Duration.ofSeconds(30), "the keyed job runs", () -> "running".equals(executionState(key)));

        // it ends while the database is away: its instance cannot record that it left the key
        // counted for this job alone: retries of earlier drills may come back into the same outage
        String returned =
                "could not finish the outcome of job " + sleeping.json().getString("id") + " ";
        int returnedBefore = occurrences(returned);
        DATABASE.stop();
        try {
            Await.until(
                    Duration.ofSeconds(30),
                    "the outcome of the keyed job fails to be recorded",
                    () -> occurrences(failedFinishes) > before);
            assertDatabaseTroubleIsToldInRogersWordsOnly(key);
            sleep(8000); // the outage goes on
            assertEquals(
                    1,
                    occurrences(returned) - returnedBefore,
                    "through an 8 s outage the worker holds the"
                            + " message instead of returning it every second into the same outage (each return is logged)");
        } finally {
            DATABASE.start();
        }

        String next = key + "-next";
        drill.enqueue(apiA, next, 0, null, key, "default");
        Await.until(
                Duration.ofSeconds(60),
                "the next job with the same execution key runs",
                () -> drill.counts(next)[1] == 1);
    }

    /**
     * Readiness reads what the heartbeat found, and neither it nor a 503 repeats SQL or driver text
     * (which names tables, hosts and pools); that goes to the log.
     */
    private void assertDatabaseTroubleIsToldInRogersWordsOnly(String key) {
        Api health = new Api(a.healthUrl());
        Await.until(
                Duration.ofSeconds(30),
                "readiness turns DOWN",
                () -> health.anonymous("GET", "ready", null).status() == 503);
        String ready = health.anonymous("GET", "ready", null).body();
        assertTrue(ready.contains("the shared database failed the last heartbeat"), ready);
        Api.Reply refused = apiA.post(
                "api/applications/" + APP + "/jobs",
                "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"" + key + "-refused\"}}");
        assertEquals(503, refused.status(), refused.body());
        for (String text : List.of(ready, refused.body())) {
            for (String driverWords : List.of("SQL", "roger-pool", "127.0.0.1", "onnection", "RAR")) {
                assertFalse(text.contains(driverWords), "'" + driverWords + "' in " + text);
            }
        }
    }

    /** The state of the key's only job in Roger's own table, or null. */
    private static String executionState(String key) {
        try (Connection connection = postgres.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT state FROM roger_execution_job WHERE application = ? AND execution_key = ?")) {
            query.setString(1, APP);
            query.setString(2, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int occurrences(String text) {
        return count(a.logText(), text) + count(b.logText(), text);
    }

    private static int count(String log, String text) {
        int found = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + 1)) {
            found++;
        }
        return found;
    }

    /**
     * A memory alarm makes RabbitMQ block publishing connections. Roger hears it (connection.blocked),
     * refuses enqueues at once with 503 naming the alarm instead of waiting for a confirm, says so on
     * readiness, keeps its heartbeat past the dead-instance window, and publishes again by itself once
     * the alarm clears: no job is lost, none runs twice.
     */
    @Test
    void aMemoryAlarmRefusesEnqueuesAtOnceKeepsTheHeartbeatAndLosesNoJob() throws Exception {
        String during = "alarm-" + UUID.randomUUID().toString().substring(0, 6);
        CompletableFuture<Api.Reply> first = new CompletableFuture<>();
        String run = drill.survives("memory-alarm", apiA, FaultToleranceIT::survivors, () -> {
            Rabbit.rabbitmqctl("set_vm_memory_high_watermark", "0.0000001");
            try {
                // the broker blocks a connection, and tells it, on its first publish during the alarm
                CompletableFuture.supplyAsync(() -> drill.post(apiA, during, 0)).whenComplete((reply, error) -> {
                    if (error != null) {
                        first.completeExceptionally(error);
                    } else {
                        first.complete(reply);
                    }
                });
                Api health = new Api(a.healthUrl());
                Await.until(
                        Duration.ofSeconds(30),
                        "readiness reports that RabbitMQ blocks publishing",
                        () -> health.anonymous("GET", "ready", null).body().contains("memory"));
                long started = System.nanoTime();
                Api.Reply refused = drill.post(apiA, during, 1);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertEquals(503, refused.status(), refused.body());
                assertTrue(refused.body().contains("blocks publishing"), refused.body());
                assertTrue(millis < 2_000, "refused at once, not after a confirm timeout: " + millis + " ms");
                // the cluster view needs the bus, which cannot send now: the instance's own view, at once
                Api.Reply view = apiA.get("api/cluster");
                assertEquals(200, view.status(), view.body());
                assertEquals(1, view.json().getJsonArray("instances").size(), view.body());
                // the bus sends on the publishing connection: no consumer connection is blocked, so the
                // jobs already queued are still acknowledged
                Map<String, String> states = Rabbit.connectionStates();
                assertTrue(states.containsValue("blocked"), "a publishing connection is blocked: " + states);
                assertTrue(
                        states.entrySet().stream()
                                .noneMatch(c -> c.getKey().contains("-consume-")
                                        && c.getValue().equals("blocked")),
                        "no consumer connection is blocked: " + states);
                // past the dead-instance window (15 s) the instance's heartbeat is still fresh
                sleep(16_000);
                JsonObject self =
                        apiA
                                .get("api/instances")
                                .json()
                                .getJsonArray("instances")
                                .getValuesAs(JsonObject.class)
                                .stream()
                                .filter(i -> i.getString("name")
                                        .equals(apiA.get("api/instances").json().getString("self")))
                                .findFirst()
                                .orElseThrow();
                assertTrue(self.getBoolean("alive"), self.toString());
                assertTrue(
                        Duration.between(Instant.parse(self.getString("lastHeartbeat")), Instant.now())
                                        .toSeconds()
                                < 5,
                        "heartbeat fresh during the alarm: " + self);
            } finally {
                Rabbit.rabbitmqctl("set_vm_memory_high_watermark", "0.4");
            }
        });
        // held by the alarm and confirmed once it cleared, or refused at once when the drill's own
        // enqueues had made the broker block the connection before it
        Api.Reply held = first.get(60, TimeUnit.SECONDS);
        assertTrue(held.status() == 201 || held.status() == 503, held.status() + " " + held.body());
        int accepted = held.status() == 201 ? 1 : 0;
        Await.until(Duration.ofMinutes(1), "the accepted job ran", () -> drill.counts(during)[1] == accepted);
        assertEquals(accepted, drill.counts(during)[0], "an accepted job ran once, a refused one never");
        long[] counts = drill.counts(run);
        assertEquals(counts[1], counts[0], "no job of the drill ran twice");
    }

    @Test
    void killingOneOfTwoInstancesLosesNoJob() throws Exception {
        drill.survives("kill-9", apiA, FaultToleranceIT::survivors, () -> b.kill());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
