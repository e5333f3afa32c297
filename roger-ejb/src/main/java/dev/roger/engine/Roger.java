package dev.roger.engine;

import dev.roger.amqp.Broker;
import dev.roger.amqp.Topology;
import dev.roger.api.ApplicationInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.EnqueueResult;
import dev.roger.api.JobRequest;
import dev.roger.api.RunningJobInfo;
import dev.roger.api.UnknownApplicationException;
import dev.roger.application.ApplicationRegistry;
import dev.roger.buried.DeadLetters;
import dev.roger.cluster.Bus;
import dev.roger.cluster.ClusterCache;
import dev.roger.cluster.ClusterKey;
import dev.roger.cluster.ClusterOperations;
import dev.roger.cluster.Maintenance;
import dev.roger.config.ConfigReader;
import dev.roger.config.InvalidConfigurationException;
import dev.roger.config.RogerConfig;
import dev.roger.config.Secret;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobTypes;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.spi.Names;
import dev.roger.state.SharedState;
import dev.roger.worker.JobEvents;
import dev.roger.worker.JobRouting;
import dev.roger.worker.RetryPolicy;
import dev.roger.worker.Workers;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running Roger: the broker connections, the shared state, the applications and their workers,
 * and the cluster operations. Plain Java, owned by {@link RogerEngine}, which ties its life to the
 * deployment. Public only because {@code RogerEngine.roger()} returns it: the container's proxy of
 * that singleton EJB lives in another module and must see the type (package-private fails at run time
 * with an {@code IllegalAccessError}).
 */
public final class Roger {

    private static final Logger LOG = Logger.getLogger(Roger.class.getName());
    private static final long FOLLOW_UPS_SHUTDOWN_SECONDS = 5;

    private final RogerConfig config;
    private final String instance;
    private final JobTypes jobTypes;
    private final ArgsCodec argsCodec = new ArgsCodec();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final ExecutorService workers;
    /** Bounded: a flood of bus messages or of keyed enqueues cannot take more threads than these. */
    private final ExecutorService busHandlers;

    private final FollowUps followUps;
    private final Broker broker;
    private final Topology topology;
    private final SharedState state;
    private final JobRouting routing;
    private final JobKeys keys;
    private final LongJobs longJobs;
    private final ApplicationRegistry applications;
    private final KnownQueues knownQueues;
    private final Enqueuer enqueuer;
    private final Bus bus;
    private final ClusterOperations cluster;
    private final Maintenance maintenance;
    private final DeadLetters deadLetters;
    private final ScheduledFuture<?> reconnect;
    private final ScheduledFuture<?> countsRefresh;
    private volatile long lastTick = System.nanoTime();
    /** Applications whose buried and parked queues of an earlier release were drained since this start. */
    private final java.util.Set<String> drained = new java.util.HashSet<>();
    /** Once per start: after a mere broker outage this instance's long jobs are still running here. */
    private boolean ownLongJobsRequeued;

    Roger(
            RogerConfig config,
            String instance,
            SharedState state,
            JobTypes jobTypes,
            JobEvents events,
            ThreadFactory threadFactory,
            ScheduledExecutorService scheduler) {
        this.config = config;
        this.instance = instance;
        this.state = state;
        this.jobTypes = jobTypes;
        JobCodec codec = new JobCodec();
        ClusterCache cache = new ClusterCache();
        this.workers = WorkerPool.create(threadFactory);
        this.busHandlers = BusHandlers.create(threadFactory);
        this.followUps = new FollowUps(threadFactory);
        this.broker = new Broker(config.broker(), threadFactory, "roger@" + instance);
        this.topology = new Topology(config.queueType(), broker);
        this.routing = new JobRouting(broker, topology, codec, state.buried(), state.parked());
        this.keys = new JobKeys(state.queueKeys(), state.executionKeys(), routing::republish, instance);
        this.longJobs = new LongJobs(state.detached(), routing::republish, instance);
        Workers queueWorkers = new Workers(
                new Workers.Reading(codec, argsCodec, jobTypes),
                routing,
                new RetryPolicy(config.retryDelays()),
                events,
                workers,
                scheduler,
                keys,
                longJobs,
                state.cancels(),
                state.deliveries(),
                state.database()::ping,
                cache,
                new Workers.Limits(
                        Maintenance.ALIVE_WINDOW,
                        config.maxDeliveries(),
                        config.cluster().consumerTimeout().dividedBy(2)));
        this.applications =
                new ApplicationRegistry(broker, topology, queueWorkers, cache, state.queues(), workers, scheduler);
        state.database().createSchema();
        ClusterKey key = clusterKey(config, instance, state);
        JobIds jobIds = new JobIds(key.derive("job-id"), System::currentTimeMillis);
        this.knownQueues = new KnownQueues(
                app -> applications.queuesOf(app).map(Map::keySet), state.queues()::of, System::currentTimeMillis);
        this.enqueuer = new Enqueuer(knownQueues, jobTypes, argsCodec, codec, broker, keys, followUps, jobIds);
        this.deadLetters = new DeadLetters(broker, codec, routing, state.buried(), state.parked(), enqueuer::requeue);

        int reset = keys.resetRunning();
        if (reset > 0) {
            LOG.info(() -> reset
                    + " execution key job(s) this instance ran before its restart will run again when redelivered");
        }
        this.bus = new Bus(
                broker, instance, key, jsonb, busHandlers, message -> cluster().handle(message));
        this.cluster = new ClusterOperations(
                instance,
                state,
                cache,
                applications,
                broker,
                topology,
                bus,
                codec,
                jsonb,
                config.cluster().callTimeout(),
                Maintenance.ALIVE_WINDOW,
                jobIds,
                keys);
        this.maintenance = new Maintenance(
                instance,
                key.id(),
                state,
                cache,
                applications,
                keys,
                longJobs,
                config.cluster().consumerTimeout(),
                scheduler);

        connect();
        startApplications();
        this.reconnect = scheduler.scheduleWithFixedDelay(this::keepConnected, 1, 1, TimeUnit.SECONDS);
        long refresh = ApplicationRegistry.COUNTS_REFRESH.toMillis();
        this.countsRefresh =
                scheduler.scheduleWithFixedDelay(applications::refreshCounts, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    /**
     * The configured secret, or the one the cluster keeps in its database. An instance whose key
     * differs from that of a running instance would neither be heard nor hear: it does not start.
     */
    private static ClusterKey clusterKey(RogerConfig config, String instance, SharedState state) {
        ClusterKey key = new ClusterKey(config.cluster()
                .secret()
                .map(Secret::value)
                .orElseGet(() -> state.secrets().cluster()));
        List<String> others = state.instances()
                .aliveWithOtherKey(
                        instance, System.currentTimeMillis() - Maintenance.ALIVE_WINDOW.toMillis(), key.id());
        if (!others.isEmpty()) {
            throw new InvalidConfigurationException(
                    ConfigReader.CLUSTER_SECRET,
                    "<hidden>",
                    (config.cluster().secret().isPresent() ? "differs from" : "is not set, unlike")
                            + " the secret of the running instance(s) " + others
                            + ": every instance of a cluster needs the same secret (or none, to share the one Roger keeps"
                            + " in the database)");
        }
        return key;
    }

    /** The configured applications, with what was started, reconfigured or stopped at run time winning. */
    private void startApplications() {
        Map<String, Map<String, Integer>> wanted = new java.util.LinkedHashMap<>(config.applications());
        state.applications().of(instance).forEach((name, queues) -> {
            if (queues.isPresent()) {
                wanted.put(name, queues.get());
            } else {
                wanted.remove(name);
            }
        });
        wanted.forEach((name, queues) -> {
            try {
                applications.start(name, queues);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "cannot start application '" + name + "'", e);
            }
        });
    }

    private ClusterOperations cluster() {
        return cluster;
    }

    private void keepConnected() {
        lastTick = System.nanoTime();
        try {
            if (!broker.isConnected() || !ownLongJobsRequeued) {
                connect();
            }
            applications.startWaiting();
            drainEarlierQueues();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "reconnecting", e);
        }
    }

    /** Once per application and start, when it runs: the buried and parked queues of an earlier release go into the database. */
    private void drainEarlierQueues() {
        applications.running().forEach((application, queues) -> {
            if (!drained.contains(application)) {
                try {
                    deadLetters.drainEarlierQueues(application, queues);
                    drained.add(application);
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            "could not yet move the buried and parked queues of an earlier release of '" + application
                                    + "' into the database; trying again in a second",
                            e);
                }
            }
        });
    }

    private void connect() {
        try {
            broker.connect();
            bus.start();
            if (!ownLongJobsRequeued) {
                longJobs.republishOwn();
                ownLongJobsRequeued = true;
            }
        } catch (Exception e) {
            LOG.warning(() -> "RabbitMQ cannot be reached (" + e.getMessage()
                    + "); applications wait and Roger tries again every second");
        }
    }

    /** Graceful: stop consuming, wait up to the shutdown timeout, return what still runs to its queue. */
    void stop() {
        reconnect.cancel(false);
        countsRefresh.cancel(false);
        applications.shutdown(config.shutdownTimeout());
        maintenance.close();
        bus.close();
        busHandlers.shutdownNow();
        broker.close();
        // closing the broker fails the unconfirmed publishes: their follow-ups release the keys
        followUps.shutdown(FOLLOW_UPS_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        workers.shutdownNow();
        argsCodec.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing JSON-B", e);
        }
    }

    String enqueue(String application, String jobType, Object args, EnqueueOptions options) {
        return enqueuer.enqueue(application, jobType, args, options);
    }

    List<EnqueueResult> enqueueAll(String application, List<JobRequest> jobs) {
        return enqueuer.enqueueAll(application, jobs);
    }

    CompletableFuture<String> enqueueAsync(String application, String jobType, Object args, EnqueueOptions options) {
        return enqueuer.enqueueAsync(application, jobType, args, options);
    }

    void startApplication(String application, Map<String, Integer> queues) {
        applications.start(application, queues);
        state.applications().save(instance, application, queues);
    }

    void reconfigureApplication(String application, Map<String, Integer> queues) {
        applications.reconfigure(application, queues);
        state.applications().save(instance, application, queues);
    }

    void stopApplication(String application, boolean safe) {
        if (safe) {
            applications.safeStop(application);
        } else {
            applications.stop(application);
        }
        state.applications().stopped(instance, application);
    }

    List<ApplicationInfo> applicationInfo() {
        return applications.info();
    }

    /**
     * The queue belongs to a Roger application: this instance runs it, or some instance of the
     * cluster started it. Only then may an operation touch {@code application-queue} on the broker,
     * which could otherwise name any queue of the virtual host ({@code orders} + {@code v2-events}).
     */
    boolean hasQueue(String application, String queue) {
        return Names.isValid(application) && Names.isValid(queue) && knownQueues.has(application, queue);
    }

    void requireQueue(String application, String queue) {
        if (!hasQueue(application, queue)) {
            throw new UnknownApplicationException("no queue '" + queue + "' of application '" + application + "'");
        }
    }

    /** Names that break the naming rule belong to no application: nothing is looked up for them. */
    static void requireApplicationName(String application) {
        if (!Names.isValid(application)) {
            throw new UnknownApplicationException(
                    "no application '" + application + "' (names are " + Names.rule() + ")");
        }
    }

    ClusterOperations operations() {
        return cluster;
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    List<String> jobTypeNames() {
        return jobTypes.names();
    }

    String instance() {
        return instance;
    }

    boolean brokerConnected() {
        return broker.isConnected();
    }

    /** Why the shared database cannot be used, if it cannot: what the last heartbeat found (no query here). */
    Optional<String> databaseProblem() {
        return maintenance.databaseProblem();
    }

    List<String> waitingApplications() {
        return applications.waiting();
    }

    List<RunningJobInfo> runningJobs() {
        return applications.runningJobs(instance);
    }

    java.time.Duration sinceLastTick() {
        return java.time.Duration.ofNanos(System.nanoTime() - lastTick);
    }
}
