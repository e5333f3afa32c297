package dev.roger.it;

import dev.roger.it.fault.FaultResource;
import dev.roger.it.fault.RecordArgs;
import dev.roger.it.fault.RecordJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Faults in the middle of 10,000 jobs, each of which writes a row per execution to PostgreSQL: every
 * job runs at least once (no loss), duplicates are counted and reported, and the system serves again
 * without anybody intervening.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceIT {

    static final String APP = TestWar.uniqueApplication("fault");
    static final int JOBS = Integer.getInteger("fault.jobs", 10_000);
    static final Duration DRAIN = Duration.ofMinutes(5);

    /** The instances reach PostgreSQL through this proxy, so a test can take the database away. */
    static final TcpProxy DATABASE = new TcpProxy(5432);
    static Postgres postgres;
    static MicroProcess a;
    static MicroProcess b;
    static Api apiA;

    @BeforeAll
    static void startTwoInstances() throws SQLException {
        postgres = new Postgres();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE roger_it_execution (run VARCHAR(100), n INT, instance VARCHAR(100), at BIGINT)");
        }
        Map<String, String> config = TestWar.baseConfig(APP + ":default=20");
        config.put("roger.datasource", Postgres.RESOURCE);
        config.put("roger.retry.delays", "1,2,4,8,16");
        File war = TestWar.export(TestWar.bare(config).addClasses(RecordArgs.class, RecordJob.class, FaultResource.class));
        DATABASE.start();
        a = new MicroProcess(war, Map.of(), postgres.microArguments(DATABASE.port()));
        b = new MicroProcess(war, Map.of(), postgres.microArguments(DATABASE.port()));
        MicroProcess.startTogether(a, b);
        apiA = new Api(a.baseUrl());
    }

    @AfterAll
    static void stopAll() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>(List.of(APP + "-default", APP + "-default.buried", APP + ".parked"));
            for (int delay : List.of(1, 2, 4, 8, 16)) {
                queues.add(APP + "-default.retry." + delay);
            }
            rabbit.deleteQueues(queues);
        }
        DATABASE.close();
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Runs 10,000 jobs, injects the fault while they run, and checks that none was lost. */
    private void survives(String fault, Runnable inject) throws Exception {
        String run = fault + "-" + UUID.randomUUID().toString().substring(0, 6);
        CompletableFuture<Api.Reply> enqueue = CompletableFuture.supplyAsync(
                () -> apiA.post("api/fault/enqueue?app=" + APP + "&run=" + run + "&n=" + JOBS, ""));
        Await.until(Duration.ofMinutes(2), "jobs of " + run + " run", () -> counts(run)[0] > JOBS / 10);
        inject.run();
        Api.Reply enqueued = enqueue.get();
        assertEquals(200, enqueued.status(), enqueued.body());
        Await.until(DRAIN, "every job of " + run + " ran at least once", () -> counts(run)[1] == JOBS);
        long[] counts = counts(run);
        System.out.printf("fault=%s jobs=%d executions=%d duplicates=%d lost=%d resent_enqueues=%d%n", fault, JOBS, counts[0],
                counts[0] - counts[1], JOBS - counts[1], enqueued.json().getInt("resent"));
        // and it serves again: a fresh job runs
        String after = run + "-after";
        apiA.post("api/fault/enqueue?app=" + APP + "&run=" + after + "&n=1", "");
        Await.until(Duration.ofMinutes(1), "a job after the fault runs", () -> counts(after)[1] == 1);
    }

    /** Executions and distinct jobs of a run. */
    private static long[] counts(String run) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT n) FROM roger_it_execution WHERE run = '" + run + "'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void threeForcedConnectionClosesLoseNoJob() throws Exception {
        survives("connection-closes", () -> {
            for (int i = 0; i < 3; i++) {
                Rabbit.rabbitmqctl("close_all_connections", "fault test");
                sleep(2000);
            }
        });
    }

    @Test
    @Order(2)
    void aBrokerRestartLosesNoJob() throws Exception {
        survives("broker-restart", () -> {
            Rabbit.rabbitmqctl("stop_app");
            Rabbit.rabbitmqctl("start_app");
        });
    }

    @Test
    @Order(3)
    void malformedMessagesAreParkedAndTheJobsAroundThemRun() throws Exception {
        survives("malformed", () -> {
            try (Rabbit rabbit = new Rabbit()) {
                for (int i = 0; i < 1000; i++) {
                    byte[] body = switch (i % 4) {
                        case 0 -> new byte[] {(byte) 0xfe, (byte) i, 0x00};
                        case 1 -> "{\"id\":\"x\",\"type\":\"record\",\"args\":{\"n\":\"not a number\"}}".getBytes(StandardCharsets.UTF_8);
                        case 2 -> ("{\"id\":\"u" + i + "\",\"type\":\"nope\",\"args\":{}}").getBytes(StandardCharsets.UTF_8);
                        default -> ("{\"huge\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                    };
                    rabbit.publish(APP + "-default", body, "malformed-" + i);
                }
            }
        });
        try (Rabbit rabbit = new Rabbit()) {
            Await.until(Duration.ofMinutes(1), "1000 parked", () -> rabbit.messages(APP + ".parked") == 1000);
        }
    }

    @Test
    @Order(4)
    void theDatabaseUnreachableForSecondsLosesNoJob() throws Exception {
        survives("database-outage", () -> {
            DATABASE.stop();
            sleep(5000);
            DATABASE.start();
        });
    }

    @Test
    @Order(5)
    void killingOneOfTwoInstancesLosesNoJob() throws Exception {
        survives("kill-9", () -> b.kill());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
