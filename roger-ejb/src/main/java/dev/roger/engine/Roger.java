package dev.roger.engine;

import dev.roger.admission.Admission;
import dev.roger.admission.FollowUps;
import dev.roger.amqp.Broker;
import dev.roger.amqp.Publisher;
import dev.roger.amqp.Topology;
import dev.roger.application.ApplicationRegistry;
import dev.roger.application.ApplicationStatus;
import dev.roger.application.LocalApplications;
import dev.roger.application.RunningJobs;
import dev.roger.budget.WorkerBudget;
import dev.roger.buried.DeadLetters;
import dev.roger.cluster.Bus;
import dev.roger.cluster.ClusterCancelsAndPauses;
import dev.roger.cluster.ClusterKey;
import dev.roger.cluster.ClusterOperations;
import dev.roger.cluster.ClusterStores;
import dev.roger.cluster.DatabaseClock;
import dev.roger.cluster.Maintenance;
import dev.roger.config.RogerConfig;
import dev.roger.history.History;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobState;
import dev.roger.job.JobTypes;
import dev.roger.keys.HandedBack;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.lifecycle.JobLifecycle;
import dev.roger.purge.QueuePurges;
import dev.roger.quota.Quotas;
import dev.roger.ratelimit.RateLimits;
import dev.roger.records.JobRecords;
import dev.roger.recurring.RecurringJobs;
import dev.roger.schedule.Horizon;
import dev.roger.schedule.ScheduledJobs;
import dev.roger.state.SharedState;
import dev.roger.worker.CurrentRuns;
import dev.roger.worker.JobEvents;
import dev.roger.worker.JobRouting;
import dev.roger.worker.QueueCounters;
import dev.roger.worker.Retries;
import dev.roger.worker.RetryPolicy;
import dev.roger.worker.Workers;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: the one place that wires the engine, by hand. Its constructor builds each
 * object once, in order, and starts them; {@link #stop} stops them in order; the package-private
 * accessors hand the facade ({@link DefaultRogerService}) the narrow services it needs. It does no
 * other work: what the engine does lives in the objects it builds.
 *
 * <p>Wired by hand rather than by CDI producers on purpose: the internals stay plain objects, never
 * CDI beans, so a user's application cannot inject them by accident; {@code RogerService} is the
 * only bean it sees. Owned by {@link RogerEngine}, which ties its life to the deployment. Public
 * only because {@code RogerEngine.roger()} returns it: the container's proxy of that singleton EJB
 * lives in another module and must see the type (package-private fails at run time with an
 * {@code IllegalAccessError}).
 */
public final class Roger {

    private static final Logger LOG = Logger.getLogger(Roger.class.getName());
    private static final long FOLLOW_UPS_SHUTDOWN_SECONDS = 5;

    private final RogerConfig config;
    private final String instance;
    private final JobTypes jobTypes;
    private final ArgsCodec argsCodec = new ArgsCodec();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final Timers timers;
    private final Horizon horizon;
    /** Roger's own work besides jobs (the drains of stopping queues). */
    private final ExecutorService workers;
    /** The jobs' threads, sized with the budget; null when jobs run on the operator's ManagedExecutorService. */
    private final java.util.concurrent.ThreadPoolExecutor jobThreads;

    private final WorkerBudget budget;
    /** Bounded: a flood of bus messages or of keyed enqueues cannot take more threads than these. */
    private final ExecutorService busHandlers;

    private final FollowUps followUps;
    private final Admission admission;
    private final Broker broker;
    private final ApplicationRegistry applications;
    private final LocalApplications local;
    private final ApplicationStatus applicationStatus;
    private final NameCheck names;
    private final Enqueuer enqueuer;
    private final DeadLetters deadLetters;
    private final ScheduledJobs scheduled;
    private final RecurringJobs recurring;
    private final JobLifecycle lifecycle;
    private final JobRecords records;
    private final History history;
    private final CurrentRuns currentRuns = new CurrentRuns();
    private final ApplicationControl applicationControl;
    private final BudgetControl budgetControl;
    private final RateLimits rateLimits;
    private final ScheduledFuture<?> rateLimitsReload;
    private final Bus bus;
    private final ClusterOperations cluster;
    private final QueuePurges purges;
    private final Maintenance maintenance;
    private final BrokerLink brokerLink;
    private final EngineStatus status;
    private final ScheduledFuture<?> reconnect;
    private final ScheduledFuture<?> liveness;
    private final ScheduledFuture<?> countsRefresh;

    /**
     * The server's threads: its ManagedThreadFactory, for Roger's own pools, and the ManagedExecutorService
     * jobs run on when the operator names one ({@code roger.workers.executor}).
     */
    record ServerThreads(ThreadFactory factory, Optional<Executor> jobs) {}

    Roger(
            RogerConfig config,
            String instance,
            SharedState state,
            JobTypes jobTypes,
            JobEvents events,
            ServerThreads threads) {
        ThreadFactory threadFactory = threads.factory();
        this.config = config;
        this.timers = Timers.create(threadFactory);
        ScheduledExecutorService scheduler = timers.periodic();
        this.instance = instance;
        this.jobTypes = jobTypes;
        JobCodec codec = new JobCodec();
        ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
        this.workers = WorkerPool.create(threadFactory);
        this.jobThreads = threads.jobs().isPresent() ? null : WorkerPool.forJobs(threadFactory, config.workersMax());
        // the named executor runs jobs only: Roger's own work (the drains of stopping queues) stays on its pool
        this.budget = new WorkerBudget(config.workersMax(), threads.jobs().orElse(jobThreads));
        this.busHandlers = BusHandlers.create(threadFactory);
        this.followUps = new FollowUps(threadFactory);
        this.broker = new Broker(config.broker(), threadFactory, "roger@" + instance);
        Topology topology = new Topology(config.queueType(), broker);
        Publisher publisher = new Publisher(broker, config.broker().confirmTimeout());
        JobRouting routing = new JobRouting(publisher, topology, codec, state.buried(), state.parked());
        this.lifecycle = new JobLifecycle(config.strictLifecycle());
        state.database().createSchema();
        if (state.database().losesDataAtRestart()) {
            LOG.warning(
                    () -> "The shared database (" + config.cluster().dataSource() + ") keeps its data in memory only:"
                            + " scheduled jobs, retries, buried jobs and parked messages will not survive a restart."
                            + " Point roger.datasource at a database on disk (see the README).");
        }
        DatabaseClock clock = new DatabaseClock();
        clock.sync(state.instances()::databaseTime);
        ClusterKey key = ClusterSecret.agreedKey(config, instance, state, clock);
        JobIds jobIds = new JobIds(key.derive("job-id"), System::currentTimeMillis);
        JobKeys keys = new JobKeys(
                state.queueKeys(),
                state.executionKeys(),
                new HandedBack(routing::republish, lifecycle, JobState.WAITING_FOR_KEY),
                instance);
        LongJobs longJobs = new LongJobs(
                state.detached(), new HandedBack(routing::republish, lifecycle, JobState.RUNNING), instance);
        this.records = new JobRecords(
                state.records(),
                state.leases(),
                config.records(),
                instance,
                argsCodec,
                jobIds,
                threadFactory,
                scheduler);
        this.history = new History(
                state.history(), state.leases(), config.history(), instance, scheduler, System::currentTimeMillis);
        this.admission = new Admission(publisher, codec, keys, lifecycle, followUps, scheduler);
        this.scheduled = new ScheduledJobs(
                state.scheduled(),
                keys,
                publisher,
                admission,
                codec,
                routing,
                new ScheduledJobs.ArgsReading(jobTypes, argsCodec),
                scheduler,
                dueAt -> operations().announceDue(dueAt),
                lifecycle);
        this.rateLimits = new RateLimits(config.rateLimits(), state.rateLimits(), clock::now, scheduler);
        Workers.Reading reading = new Workers.Reading(codec, argsCodec, jobTypes);
        Workers queueWorkers = new Workers(
                reading,
                new Workers.Threads(budget, rateLimits, scheduler, currentRuns),
                new Workers.Checks(
                        keys,
                        state.deliveries(),
                        state.database()::ping,
                        clock::now,
                        new Workers.Limits(
                                config.cluster().deadAfter(),
                                config.maxDeliveries(),
                                config.cluster().consumerTimeout().dividedBy(2))),
                new Workers.Moves(
                        routing,
                        new Retries(new RetryPolicy(config.retryDelays()), scheduled, routing, keys),
                        keys,
                        state.cancels(),
                        cache,
                        lifecycle),
                longJobs,
                records::progress);
        this.applications =
                new ApplicationRegistry(broker, topology, queueWorkers, cache, state.queues(), workers, scheduler);
        this.applicationStatus = new ApplicationStatus(applications, broker, cache, rateLimits);
        this.local = new LocalApplications(applications, applicationStatus, new RunningJobs(applications));
        KnownQueues knownQueues = new KnownQueues(
                app -> applications.queuesOf(app).map(Map::keySet), state.queues()::of, System::currentTimeMillis);
        this.horizon = new Horizon(config.scheduleHorizon());
        this.enqueuer = new Enqueuer(
                knownQueues,
                reading,
                publisher,
                admission,
                scheduled,
                jobIds,
                records::isOn,
                horizon,
                new dev.roger.job.MessageLimit(config.maxMessageBytes()),
                new Quotas(
                        config.quotas(),
                        new QuotaCounter(
                                knownQueues,
                                new dev.roger.application.BrokerQueueCounter(broker),
                                state.scheduled(),
                                state.buried(),
                                state.parked()),
                        System::currentTimeMillis));
        this.deadLetters =
                new DeadLetters(codec, state.buried(), state.parked(), enqueuer::requeue, routing::toQueueAsItIs);
        EarlierQueues earlierQueues = new EarlierQueues(
                broker, codec, routing, state.buried(), state.parked(), scheduled, config.retryDelays());
        this.recurring =
                new RecurringJobs(state.recurring(), new RecurringEnqueue(enqueuer), keys, jobIds, instance, scheduler);
        this.names = new NameCheck(knownQueues);
        this.applicationControl = new ApplicationControl(local, state.applications(), instance, config.applications());
        this.budgetControl = new BudgetControl(
                budget,
                jobThreads == null ? max -> {} : max -> WorkerPool.resize(jobThreads, max),
                state.weights(),
                instance);
        budgetControl.restore(config.weights());

        int reset = keys.resetRunning();
        if (reset > 0) {
            LOG.info(() -> reset
                    + " execution key job(s) this instance ran before its restart will run again when redelivered");
        }
        this.bus = new Bus(
                broker,
                instance,
                key,
                jsonb,
                busHandlers,
                message -> operations().handle(message));
        ClusterStores clusterStores =
                new ClusterStores(state.cancels(), state.deliveries(), state.instances(), state.pauses());
        this.purges = new QueuePurges(instance, broker, codec, keys, lifecycle, threadFactory);
        this.cluster = new ClusterOperations(
                instance,
                clusterStores,
                cache,
                local,
                broker,
                topology,
                new ClusterOperations.Calls(bus, jsonb, config.cluster().callTimeout()),
                new ClusterOperations.Jobs(codec, jobIds, purges),
                new ClusterOperations.Liveness(config.cluster().deadAfter(), clock),
                new ClusterOperations.Hooks(scheduled::dueAt, rateLimits::reload));
        this.maintenance = new Maintenance(
                instance,
                key.id(),
                clusterStores,
                cache,
                local,
                new Maintenance.Leftovers(keys, longJobs),
                config.cluster(),
                clock,
                timers.heartbeat(),
                scheduler);

        this.brokerLink = new BrokerLink(broker, bus, applications, earlierQueues, longJobs);
        this.status = new EngineStatus(instance, brokerLink, maintenance, applicationControl, lifecycle);

        // the users' observers hear a change before its ack and keys; the counters, the history (memory
        // only) and the record (buffered) once it took effect
        lifecycle.onDecided(events);
        lifecycle.onApplied(QueueCounters.listener(applications::counters));
        lifecycle.onApplied(history.tally());
        lifecycle.onApplied(records);
        records.start();
        history.start();
        // the limits set at run time apply from the first delivery
        rateLimits.reload();
        brokerLink.connect();
        int concurrency = applicationControl.startAll();
        if (concurrency > config.workersMax()) {
            LOG.warning(() -> "the queues' concurrencies add up to " + concurrency + ", more than the worker budget of "
                    + config.workersMax() + " jobs at once (roger.workers.max): when they all have work, the budget"
                    + " is shared between the applications by weight");
        }
        scheduled.start();
        recurring.start(config.recurring());
        this.reconnect = scheduler.scheduleWithFixedDelay(brokerLink::keepConnected, 1, 1, TimeUnit.SECONDS);
        this.liveness = timers.heartbeat().scheduleWithFixedDelay(brokerLink::tick, 1, 1, TimeUnit.SECONDS);
        long refresh = ApplicationStatus.COUNTS_REFRESH.toMillis();
        long reload = RateLimits.RELOAD_EVERY.toMillis();
        this.rateLimitsReload =
                scheduler.scheduleWithFixedDelay(rateLimits::reload, reload, reload, TimeUnit.MILLISECONDS);
        this.countsRefresh = scheduler.scheduleWithFixedDelay(
                applicationStatus::refreshCounts, refresh, refresh, TimeUnit.MILLISECONDS);
        status.register();
    }

    /** Graceful: stop consuming, wait up to the shutdown timeout, return what still runs to its queue. */
    void stop() {
        status.unregister();
        reconnect.cancel(false);
        liveness.cancel(false);
        countsRefresh.cancel(false);
        rateLimitsReload.cancel(false);
        applications.shutdown(config.shutdownTimeout());
        purges.close();
        scheduled.close();
        recurring.close();
        maintenance.close();
        bus.close();
        busHandlers.shutdownNow();
        broker.close();
        // closing the broker fails the unconfirmed publishes: their follow-ups release the keys
        followUps.shutdown(FOLLOW_UPS_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        records.close();
        history.close();
        workers.shutdownNow();
        if (jobThreads != null) {
            jobThreads.shutdownNow();
        }
        timers.shutdown();
        argsCodec.close();
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing JSON-B", e);
        }
    }

    String instance() {
        return instance;
    }

    JobTypes jobTypes() {
        return jobTypes;
    }

    NameCheck names() {
        return names;
    }

    Enqueuer enqueuer() {
        return enqueuer;
    }

    ApplicationControl applicationControl() {
        return applicationControl;
    }

    /** Also the bus's handler, which is built before the operations it hands its messages to. */
    ClusterOperations operations() {
        return cluster;
    }

    ScheduledJobs scheduled() {
        return scheduled;
    }

    Horizon horizon() {
        return horizon;
    }

    RecurringJobs recurring() {
        return recurring;
    }

    JobRecords records() {
        return records;
    }

    WorkerBudget budget() {
        return budget;
    }

    BudgetControl budgetControl() {
        return budgetControl;
    }

    RateLimits rateLimits() {
        return rateLimits;
    }

    History history() {
        return history;
    }

    DeadLetters deadLetters() {
        return deadLetters;
    }

    CurrentRuns currentRuns() {
        return currentRuns;
    }
}
