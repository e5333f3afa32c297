package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.admission.FollowUps;
import dev.roger.amqp.FakeBroker;
import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.FakeChannel.Published;
import dev.roger.amqp.QueueNames;
import dev.roger.amqp.Topology;
import dev.roger.api.DuplicateJobException;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.Job;
import dev.roger.config.QueueType;
import dev.roger.job.ArgsCodec;
import dev.roger.job.FakeJobBeans;
import dev.roger.job.JobCodec;
import dev.roger.job.JobIds;
import dev.roger.keys.JobKeys;
import dev.roger.state.SharedState;
import dev.roger.worker.JobRouting;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The enqueuer against a fake broker whose confirms the test gives, and the key stores on in-memory
 * H2: a job is enqueued when the broker confirms it, and a queue key reserved for a job that the
 * broker did not take is free again.
 */
class EnqueuerTest {

    private static final String APP = "app";
    private static final String QUEUE = "default";

    static final class Plain implements Job<String> {
        @Override
        public Object perform(String args) {
            return null;
        }
    }

    /** Its args are its queue key. */
    static final class Keyed implements Job<String> {
        @Override
        public Object perform(String args) {
            return null;
        }

        @Override
        public String queueKey(String args) {
            return args;
        }
    }

    private FakeBroker broker;
    private SharedState state;
    private JdbcDataSource dataSource;
    private FollowUps followUps;
    private final java.util.concurrent.ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private ArgsCodec argsCodec;
    private Enqueuer enqueuer;

    @BeforeEach
    void enqueuerOnFakes() throws Exception {
        broker = new FakeBroker();
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = SharedState.on(dataSource);
        state.database().createSchema();
        JobCodec codec = new JobCodec();
        argsCodec = new ArgsCodec();
        followUps = new FollowUps(Executors.defaultThreadFactory());
        dev.roger.amqp.Publisher publisher =
                new dev.roger.amqp.Publisher(broker.broker(), java.time.Duration.ofSeconds(30));
        JobRouting routing = new JobRouting(
                publisher, new Topology(QueueType.CLASSIC, broker.broker()), codec, state.buried(), state.parked());
        KnownQueues queues = new KnownQueues(
                application -> Optional.of(Set.of(QUEUE)), application -> Set.of(QUEUE), System::currentTimeMillis);
        enqueuer = new Enqueuer(
                queues,
                new dev.roger.worker.Workers.Reading(
                        codec, argsCodec, new FakeJobBeans(new Plain(), new Keyed()).jobTypes()),
                publisher,
                new dev.roger.admission.Admission(
                        publisher,
                        codec,
                        new JobKeys(state.queueKeys(), state.executionKeys(), routing::republish, "instance-1"),
                        new dev.roger.lifecycle.JobLifecycle(true),
                        followUps,
                        later),
                null, // no job here is scheduled for later
                new JobIds(new byte[32], System::currentTimeMillis),
                application -> false,
                new dev.roger.schedule.Horizon(java.time.Duration.ofDays(3650)),
                new dev.roger.job.MessageLimit(MAX_MESSAGE_BYTES),
                new dev.roger.quota.Quotas(dev.roger.config.QuotaSettings.NONE, null, System::currentTimeMillis));
    }

    private static final int MAX_MESSAGE_BYTES = 4_096;

    @Test
    void aJobLargerThanTheMessageLimitIsRefusedAtOnceNamingItsSizeAndNothingIsPublished() throws Exception {
        dev.roger.api.JobTooLargeException refused =
                assertThrows(dev.roger.api.JobTooLargeException.class, () -> enqueueAsync("Plain", "x".repeat(5_000)));

        assertTrue(refused.bytes() > 5_000, "the size of the whole message: " + refused.bytes());
        assertEquals(MAX_MESSAGE_BYTES, refused.limit());
        assertTrue(refused.getMessage().contains("roger.max-message-bytes (4,096)"), refused.getMessage());
        assertTrue(broker.publishing().published().isEmpty(), "nothing reached the broker");
        enqueueAsync("Plain", "x".repeat(3_000)); // below the limit: published
        broker.publishing().awaitPublish(10, TimeUnit.SECONDS);
    }

    @Test
    void aKeyLongerThanTheKeyTablesKeepIsRefused() {
        dev.roger.api.InvalidJobException refused =
                assertThrows(dev.roger.api.InvalidJobException.class, () -> enqueueAsync("Keyed", "k".repeat(501)));

        assertTrue(refused.getMessage().contains("queue key is 501 characters, more than 500"), refused.getMessage());
        assertTrue(queueKeyIsFree("k".repeat(500)), "nothing was reserved");
    }

    @AfterEach
    void stop() {
        later.shutdownNow();
        followUps.shutdown(5, TimeUnit.SECONDS);
        argsCodec.close();
    }

    private CompletableFuture<String> enqueueAsync(String type, String args) {
        return enqueuer.enqueueAsync(APP, type, args, EnqueueOptions.DEFAULTS);
    }

    private static Throwable failure(CompletableFuture<String> future) {
        return assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS))
                .getCause();
    }

    private boolean queueKeyIsFree(String key) {
        return state.queueKeys().reserve(APP, QUEUE, key, "probe-" + UUID.randomUUID(), "instance-1");
    }

    @Test
    void anEnqueueCompletesWithTheJobIdOnceTheBrokerConfirms() throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Plain", "x");
        FakeChannel publishing = broker.publishing();
        Published message = publishing.awaitPublish(10, TimeUnit.SECONDS);
        assertEquals(QueueNames.main(APP, QUEUE), message.routingKey());
        assertFalse(enqueued.isDone(), "not enqueued before the broker confirms");

        publishing.confirm(message.sequence(), false);

        String id = enqueued.get(10, TimeUnit.SECONDS);
        assertEquals(message.properties().getMessageId(), id);
        assertEquals(id, new JobCodec().decode(message.body()).id());
    }

    @Test
    void aKeyedEnqueueCompletesWithTheJobIdOnceTheBrokerConfirmsAndHoldsItsKey() throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Keyed", "k1");
        FakeChannel publishing = broker.publishing();
        Published message = publishing.awaitPublish(10, TimeUnit.SECONDS);
        assertFalse(enqueued.isDone());

        publishing.confirm(message.sequence(), false);

        assertEquals(message.properties().getMessageId(), enqueued.get(10, TimeUnit.SECONDS));
        assertThrows(DuplicateJobException.class, () -> enqueueAsync("Keyed", "k1"));
    }

    @Test
    void aKeyedJobTheBrokerConfirmedIsEnqueuedWhenTheDatabaseFailsItsKeysWhichAreConfirmedOnceItIsBack()
            throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Keyed", "k1");
        FakeChannel publishing = broker.publishing();
        Published message = publishing.awaitPublish(10, TimeUnit.SECONDS);
        sql("ALTER TABLE roger_queue_key RENAME TO roger_queue_key_away");

        publishing.confirm(message.sequence(), false);

        assertEquals(message.properties().getMessageId(), enqueued.get(10, TimeUnit.SECONDS), "never reported failed");
        sql("ALTER TABLE roger_queue_key_away RENAME TO roger_queue_key");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"queued".equals(keyState("k1")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("queued", keyState("k1"), "the key confirmed once the database is back");
        assertThrows(DuplicateJobException.class, () -> enqueueAsync("Keyed", "k1"));
    }

    private void sql(String statement) throws Exception {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private String keyState(String key) {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.PreparedStatement s =
                        c.prepareStatement("SELECT state FROM roger_queue_key WHERE queue_key = ?")) {
            s.setString(1, key);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    @Test
    void anEnqueueTheBrokerRefusesFails() throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Plain", "x");
        FakeChannel publishing = broker.publishing();

        publishing.nack(publishing.awaitPublish(10, TimeUnit.SECONDS).sequence(), false);

        Throwable failure = failure(enqueued);
        assertTrue(failure instanceof EnqueueFailedException, failure.toString());
        assertTrue(failure.getMessage().contains("nack"), failure.getMessage());
    }

    @Test
    void aBlockingEnqueueTheBrokerRefusesThrowsEnqueueFailed() throws Exception {
        CompletableFuture<String> enqueued =
                CompletableFuture.supplyAsync(() -> enqueuer.enqueue(APP, "Plain", "x", EnqueueOptions.DEFAULTS));
        FakeChannel publishing = broker.publishing();

        publishing.nack(publishing.awaitPublish(10, TimeUnit.SECONDS).sequence(), false);

        assertInstanceOf(EnqueueFailedException.class, failure(enqueued));
    }

    @Test
    void aKeyedEnqueueTheBrokerRefusesFailsWithEnqueueFailedAndReleasesItsQueueKey() throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Keyed", "k1");
        FakeChannel publishing = broker.publishing();
        assertFalse(queueKeyIsFree("k1"), "reserved while the publish waits for its confirm");

        publishing.nack(publishing.awaitPublish(10, TimeUnit.SECONDS).sequence(), false);

        assertInstanceOf(EnqueueFailedException.class, failure(enqueued));
        assertTrue(queueKeyIsFree("k1"), "the key of a job the broker refused is free again");
    }

    @Test
    void aKeyedEnqueueLostWithItsChannelFailsWithEnqueueFailedAndReleasesItsQueueKey() throws Exception {
        CompletableFuture<String> enqueued = enqueueAsync("Keyed", "k1");
        FakeChannel publishing = broker.publishing();
        publishing.awaitPublish(10, TimeUnit.SECONDS);

        publishing.closeByBroker();

        assertInstanceOf(EnqueueFailedException.class, failure(enqueued));
        CompletableFuture<String> again = enqueueAsync("Keyed", "k1");
        FakeChannel replaced = broker.publishing();
        replaced.confirm(replaced.awaitPublish(10, TimeUnit.SECONDS).sequence(), false);
        assertEquals(36, again.get(10, TimeUnit.SECONDS).length(), "the same key enqueues again on a new channel");
    }

    @Test
    void aKeyedEnqueueThatCannotPublishFailsAtOnceAndReleasesItsQueueKey() {
        broker.loseConnection();

        assertThrows(EnqueueFailedException.class, () -> enqueueAsync("Keyed", "k1"));
        assertTrue(queueKeyIsFree("k1"));
    }
}
