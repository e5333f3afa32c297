package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stalled broker connection holds up the instance's broker work (due jobs waiting for confirms,
 * queue counts, reconnects) but never its heartbeat, which has a thread of its own: the other
 * instance keeps it for alive and takes over none of its long jobs. Instance A reaches RabbitMQ
 * through a proxy that holds every byte for three dead-instance windows; B reaches it directly.
 */
class HeartbeatUnderStallIT {

    static final String APP = TestWar.uniqueApplication("stall");
    static final Duration DEAD_AFTER = Duration.ofSeconds(4);
    static final Duration STALL = DEAD_AFTER.multipliedBy(3);

    static Postgres postgres;
    static TcpProxy broker;
    static MicroProcess a;
    static MicroProcess b;

    @BeforeAll
    static void start() {
        postgres = new Postgres();
        broker = new TcpProxy(Rabbit.PORT).start();
        Map<String, String> config = TestWar.baseConfig("");
        config.put("roger.datasource", Postgres.RESOURCE);
        config.put("roger.cluster.heartbeat", "1");
        config.put("roger.cluster.dead-after", String.valueOf(DEAD_AFTER.toSeconds()));
        config.put("roger.amqp.confirm-timeout", "5");
        // a job running longer than 2 s is acknowledged early and tracked as a long job
        config.put("roger.amqp.consumer-timeout", "4");
        File war = TestWar.export(TestWar.build(config));
        a = new MicroProcess(war, Map.of("ROGER_AMQP_PORT", String.valueOf(broker.port())), postgres.microArguments());
        b = new MicroProcess(war, Map.of(), postgres.microArguments());
        MicroProcess.startTogether(a, b);
        Api.Reply started = new Api(a.baseUrl()).put("api/applications/" + APP, "{\"queues\":{\"default\":2}}");
        assertEquals(201, started.status(), started.body());
    }

    @AfterAll
    static void stop() {
        broker.release();
        for (MicroProcess instance : new MicroProcess[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        broker.close();
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aStalledBrokerConnectionNeitherStopsTheHeartbeatNorLetsAnotherInstanceTakeOverALongJob() throws Exception {
        Api api = new Api(a.baseUrl());
        String longJob =
                api.enqueue(APP, "sleep", "{\"millis\":" + STALL.plusSeconds(8).toMillis() + "}");
        Await.until(
                Duration.ofSeconds(30),
                "the long job runs on A, acknowledged early",
                () -> api.hasEvent(longJob, "before") && a.logText().contains("runs longer than 2 s"));
        // due jobs that fall due while A's connection is held: its claimer may wait for their confirms
        List<String> due = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Api.Reply scheduled =
                    api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\",\"args\":{},\"delay\":2}");
            assertEquals(201, scheduled.status(), scheduled.body());
            due.add(scheduled.json().getString("id"));
        }

        broker.hold();
        long oldestHeartbeat;
        try {
            oldestHeartbeat = longestHeartbeatGap(a.instanceName(), STALL);
        } finally {
            broker.release();
        }

        assertTrue(
                oldestHeartbeat < DEAD_AFTER.toMillis(),
                "A's heartbeat was " + oldestHeartbeat + " ms old at worst while its broker connection stalled");
        Await.until(Duration.ofSeconds(60), "the long job finishes", () -> api.hasEvent(longJob, "after"));
        assertEquals(
                1,
                api.events(longJob).stream()
                        .filter(e -> e.getString("kind").equals("before"))
                        .count(),
                "the long job ran once: nobody took it over");
        assertFalse(b.logText().contains("left by dead instances"), "B released none of A's keys");
        Await.until(
                Duration.ofSeconds(60),
                "every due job ran once the connection came back",
                () -> due.stream().allMatch(id -> api.hasEvent(id, "after")));
    }

    /** Over {@code span}, the oldest the instance's heartbeat row was at any look, in ms. */
    private static long longestHeartbeatGap(String instance, Duration span) throws Exception {
        long worst = 0;
        long end = System.nanoTime() + span.toNanos();
        try (Connection connection = postgres.connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT heartbeat_at FROM roger_instance WHERE name = ?")) {
            query.setString(1, instance);
            while (System.nanoTime() < end) {
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), "instance " + instance + " has a heartbeat row");
                    worst = Math.max(worst, System.currentTimeMillis() - row.getLong(1));
                }
                Thread.sleep(100);
            }
        }
        return worst;
    }
}
