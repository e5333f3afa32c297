package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeBroker;
import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.Topology;
import dev.roger.cluster.ClusterCancelsAndPauses;
import dev.roger.config.QueueType;
import dev.roger.job.AJob;
import dev.roger.job.ArgsCodec;
import dev.roger.job.FakeJobBeans;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.state.SharedState;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One queue consumer of application "app", queue "default", wired as the engine wires it, on fakes:
 * a fake consumer channel, a fake broker (its publishing channel confirms only when the test says so),
 * the state on a fresh in-memory H2 database that the test can take away, and the given job beans.
 */
final class WorkerHarness implements AutoCloseable {

    static final String APP = "app";
    static final String QUEUE = "default";
    static final int RETRY_DELAY_SECONDS = 5;

    final FakeBroker broker;
    final FakeChannel consuming = new FakeChannel();
    final FakeJobBeans beans;
    final SharedState state;
    final ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
    final JobCodec codec = new JobCodec();
    final ExecutorService executor = Executors.newCachedThreadPool();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final QueueConsumer consumer;
    final CurrentRuns runs = new CurrentRuns();
    /** The job records (not written: the changes are read back from the writer's buffer). */
    final dev.roger.records.JobRecords records;

    private final ArgsCodec argsCodec = new ArgsCodec();
    private volatile boolean databaseDown;
    /** The retries the workers stored, with the settlements the consumer channel had made by then. */
    final List<StoredRetry> retries = new java.util.concurrent.CopyOnWriteArrayList<>();

    record StoredRetry(JobMessage next, Duration delay, String lastError, int settlementsBefore) {}

    private long retryLater(String application, String queue, JobMessage next, Duration delay, String lastError) {
        if (databaseDown) {
            throw new dev.roger.api.StateUnavailableException("store a retry", new SQLException("away (test)"));
        }
        retries.add(
                new StoredRetry(next, delay, lastError, consuming.settlements().size()));
        return System.currentTimeMillis() + delay.toMillis();
    }

    private final AtomicLong deliveryTags = new AtomicLong();
    /** The queue's counters, as the counting listener keeps them. */
    final QueueCounters counters = new QueueCounters();

    WorkerHarness(Object... jobs) throws Exception {
        this(1_000, jobs);
    }

    /** @param budget the most jobs that run at once; the deliveries beyond it wait for a place */
    static WorkerHarness withBudget(int budget, Object... jobs) throws Exception {
        return new WorkerHarness(budget, jobs);
    }

    private WorkerHarness(int budget, Object[] jobs) throws Exception {
        broker = new FakeBroker();
        beans = new FakeJobBeans(jobs);
        state = SharedState.on(switchable(h2()));
        state.database().createSchema();
        records = new dev.roger.records.JobRecords(
                state.records(),
                state.leases(),
                dev.roger.config.RecordSettings.DEFAULTS,
                "instance-1",
                argsCodec,
                new dev.roger.job.JobIds(new byte[32], System::currentTimeMillis),
                java.util.concurrent.Executors.defaultThreadFactory(),
                scheduler);
        dev.roger.amqp.Publisher publisher =
                new dev.roger.amqp.Publisher(broker.broker(), java.time.Duration.ofSeconds(30));
        JobRouting routing = new JobRouting(
                publisher, new Topology(QueueType.CLASSIC, broker.broker()), codec, state.buried(), state.parked());
        JobKeys keys = new JobKeys(state.queueKeys(), state.executionKeys(), routing::republish, "instance-1");
        dev.roger.lifecycle.JobLifecycle lifecycle = new dev.roger.lifecycle.JobLifecycle(true);
        lifecycle.onDecided(new JobEvents(beans.beanManager()));
        lifecycle.onApplied(QueueCounters.listener((application, queue) -> java.util.Optional.of(counters)));
        lifecycle.onApplied(records);
        Workers workers = new Workers(
                new Workers.Reading(codec, argsCodec, beans.jobTypes()),
                new Workers.Threads(
                        new dev.roger.budget.WorkerBudget(budget, executor),
                        dev.roger.ratelimit.MemoryRateLimitStore.unlimited(scheduler),
                        scheduler,
                        runs),
                new Workers.Checks(
                        keys,
                        state.deliveries(),
                        state.database()::ping,
                        System::currentTimeMillis,
                        new Workers.Limits(Duration.ofMinutes(1), 5, Duration.ZERO)),
                new Workers.Moves(
                        routing,
                        new Retries(new RetryPolicy(List.of(RETRY_DELAY_SECONDS)), this::retryLater, routing, keys),
                        keys,
                        state.cancels(),
                        cache,
                        lifecycle),
                new LongJobs(state.detached(), routing::republish, "instance-1"),
                records::progress);
        consumer = workers.consumer(APP, QUEUE, consuming.channel());
        consumer.consume(2);
    }

    private static DataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    /** The database, which refuses connections while {@link #takeTheDatabaseAway} holds. */
    private DataSource switchable(DataSource database) {
        return (DataSource) Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && databaseDown) {
                        throw new SQLException("the database is away (test)");
                    }
                    try {
                        return method.invoke(database, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void takeTheDatabaseAway() {
        databaseDown = true;
    }

    /** A job of the given type, as an enqueue makes it. */
    static JobMessage job(String type) {
        return job(type, null);
    }

    /** A job of the given type and execution key, as an enqueue makes it. */
    static JobMessage job(String type, String executionKey) {
        return AJob.ofType(type).executionKey(executionKey).build();
    }

    /** The broker delivers the job to the consumer; returns its delivery tag. */
    long deliver(JobMessage job) throws Exception {
        return deliver(codec.encode(job), codec.properties(job, APP));
    }

    long deliver(byte[] body, com.rabbitmq.client.AMQP.BasicProperties properties) throws Exception {
        long tag = deliveryTags.incrementAndGet();
        consuming.deliver(tag, false, properties, body);
        return tag;
    }

    /** Waits until every worker has finished, so nothing can settle a delivery any more. */
    /** The events of {@code type} once {@code count} fired (they fire after the settlement), or fails after 10 s. */
    java.util.List<?> awaitEvents(Class<?> type, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (beans.events(type).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return beans.events(type);
    }

    void awaitWorkersDone() throws InterruptedException {
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the workers did not finish");
    }

    @Override
    public void close() {
        executor.shutdownNow();
        scheduler.shutdownNow();
        argsCodec.close();
    }
}
