package dev.roger.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeBroker;
import dev.roger.amqp.Topology;
import dev.roger.application.ApplicationRegistry;
import dev.roger.application.LocalApplications;
import dev.roger.application.RunningJobs;
import dev.roger.config.ClusterSettings;
import dev.roger.config.QueueType;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.state.SharedState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance whose heartbeat the database does not take: it stops taking new jobs before the others
 * may take it for dead, and after an outage it judges no other instance dead before that one had a
 * whole window to write its heartbeat again. On H2, with the instances' store failing on demand.
 */
class MaintenanceTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(1);

    private final ScheduledExecutorService heartbeatTimer = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private volatile boolean databaseAway;
    private final JdbcDataSource h2 = new JdbcDataSource();
    private SharedState state;
    private ApplicationRegistry registry;
    private Maintenance maintenance;

    @BeforeEach
    void start() throws Exception {
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = SharedState.on(h2);
        state.database().createSchema();
        FakeBroker broker = new FakeBroker();
        broker.loseConnection();
        ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
        registry = new ApplicationRegistry(
                broker.broker(),
                new Topology(QueueType.CLASSIC, broker.broker()),
                null,
                cache,
                null,
                Runnable::run,
                scheduler);
        maintenance = new Maintenance(
                "a",
                "key-a",
                new ClusterStores(state.cancels(), state.deliveries(), new Unreliable(), state.pauses()),
                cache,
                new LocalApplications(registry, null, new RunningJobs(registry)),
                new Maintenance.Leftovers(
                        new JobKeys(state.queueKeys(), state.executionKeys(), job -> {}, "a"),
                        new LongJobs(state.detached(), job -> {}, "a")),
                new ClusterSettings(
                        Optional.of("a"),
                        ClusterSettings.DEFAULT_DATA_SOURCE,
                        Duration.ofMinutes(30),
                        Duration.ofSeconds(5),
                        Optional.empty(),
                        HEARTBEAT,
                        DEAD_AFTER,
                        Duration.ofSeconds(3)),
                new DatabaseClock(),
                heartbeatTimer,
                scheduler);
    }

    @AfterEach
    void stop() {
        maintenance.close();
        heartbeatTimer.shutdownNow();
        scheduler.shutdownNow();
    }

    @Test
    void anInstanceWhoseHeartbeatIsNotRecordedTakesNoNewJobsUntilItIsAgain() {
        until("the heartbeats succeed", () -> maintenance.databaseProblem().isEmpty());
        assertFalse(registry.held(), "heartbeats are recorded: new jobs are taken");

        databaseAway = true;
        until("the instance holds back new jobs", registry::held);
        assertTrue(
                maintenance.databaseProblem().orElseThrow().contains("takes no new jobs"),
                maintenance.databaseProblem().orElseThrow());

        databaseAway = false;
        until("the instance takes new jobs again", () -> !registry.held());
    }

    @Test
    void afterAnOutageNoInstanceIsTakenForDeadBeforeItHadAWindowToWriteItsHeartbeat() throws Exception {
        until("a judges the others", maintenance::judgesTheOthers);
        state.instances().heartbeat("b", Instant.now().minusSeconds(3600), "key-a", System.currentTimeMillis());
        long bWrote = System.currentTimeMillis();
        assertTrue(state.queueKeys().reserve("app", "q", "k", "job-of-b", "b"));
        try (java.sql.Connection connection = h2.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE roger_queue_key SET created_at = " + (System.currentTimeMillis() - 60_000));
        }

        // the database is away for everyone, longer than the dead-instance window
        databaseAway = true;
        until(
                "b's heartbeat is older than the window",
                () -> System.currentTimeMillis() - bWrote > 2 * DEAD_AFTER.toMillis());
        databaseAway = false;
        until(
                "a's heartbeat is recorded again",
                () -> maintenance.databaseProblem().isEmpty());

        maintenance.recover();
        assertFalse(
                state.queueKeys().reserve("app", "q", "k", "job-2", "a"),
                "right after the outage b's old heartbeat means nothing: its key stays");
        assertFalse(maintenance.judgesTheOthers());

        // b writes its heartbeats again, as a live instance does once the database is back
        java.util.concurrent.ScheduledFuture<?> b = heartbeatTimer.scheduleWithFixedDelay(
                () -> state.instances()
                        .heartbeat("b", Instant.now().minusSeconds(3600), "key-a", System.currentTimeMillis()),
                0,
                HEARTBEAT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        until("a judges the others again", maintenance::judgesTheOthers);
        b.cancel(false);
        maintenance.recover();
        assertFalse(state.queueKeys().reserve("app", "q", "k", "job-3", "a"), "b lives: its key stays");
        assertEquals(
                List.of("b"),
                state.instances().all().stream()
                        .map(InstanceRecord::name)
                        .filter("b"::equals)
                        .toList());
    }

    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The instances' store, failing while {@link #databaseAway}. */
    private final class Unreliable implements InstanceStore {

        private InstanceStore store() {
            if (databaseAway) {
                throw new IllegalStateException("the database is away");
            }
            return state.instances();
        }

        @Override
        public void heartbeat(String name, Instant startedAt, String keyId, long at) {
            store().heartbeat(name, startedAt, keyId, at);
        }

        @Override
        public long databaseTime() {
            return store().databaseTime();
        }

        @Override
        public List<String> aliveWithOtherKey(String name, long aliveSince, String keyId) {
            return store().aliveWithOtherKey(name, aliveSince, keyId);
        }

        @Override
        public void leave(String name) {
            store().leave(name);
        }

        @Override
        public List<InstanceRecord> all() {
            return store().all();
        }

        @Override
        public int forgetSilentSince(long before) {
            return store().forgetSilentSince(before);
        }
    }
}
