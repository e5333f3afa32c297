package dev.roger.application;

import dev.roger.amqp.Broker;
import dev.roger.amqp.Topology;
import dev.roger.api.BrokerException;
import dev.roger.api.RogerException;
import dev.roger.api.UnknownApplicationException;
import dev.roger.spi.Names;
import dev.roger.worker.CancelsAndPauses;
import dev.roger.worker.QueueConsumer;
import dev.roger.worker.Workers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The applications this instance serves and their queue consumers. An application started while the
 * broker cannot be reached waits, and {@link #startWaiting()} starts it once the broker is back.
 */
public final class ApplicationRegistry {

    private static final Logger LOG = Logger.getLogger(ApplicationRegistry.class.getName());
    /** How often {@link #refreshCounts} should run. */
    private final Broker broker;

    private final Workers workers;
    private final CancelsAndPauses cache;
    /** Runs the drains of stopped queues, which wait for their last jobs. */
    private final Executor drains;

    private final ConsumerChannels channels;
    private final Map<String, RunningApplication> applications = new LinkedHashMap<>();
    /**
     * The same applications, read without this registry's lock: by the workers ({@link #counters}),
     * enqueues ({@link #queuesOf}) and readiness ({@link #waiting}), so a start that talks to the broker
     * under the lock never holds them up.
     */
    private final Map<String, RunningApplication> counted = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean shutDown;

    public ApplicationRegistry(
            Broker broker,
            Topology topology,
            Workers workers,
            CancelsAndPauses cache,
            QueueStore queueStore,
            Executor drains,
            ScheduledExecutorService scheduler) {
        this.broker = broker;
        this.workers = workers;
        this.cache = cache;
        this.drains = drains;
        this.channels = new ConsumerChannels(broker, topology, workers, cache, queueStore, scheduler);
    }

    public synchronized void start(String name, Map<String, Integer> queues) {
        checkNames(name, queues);
        if (shutDown) {
            throw new RogerException("Roger is shutting down; application '" + name + "' is not started");
        }
        if (applications.containsKey(name)) {
            throw new RogerException("application '" + name + "' is already started; reconfigure it instead");
        }
        RunningApplication application = new RunningApplication(name, queues);
        applications.put(name, application);
        counted.put(name, application);
        if (broker.isConnected()) {
            try {
                open(application);
            } catch (RogerException e) {
                applications.remove(name);
                counted.remove(name);
                application.allConsumers().forEach(QueueConsumer::close);
                throw e;
            }
        } else {
            LOG.info(() -> "application '" + name + "' waits for RabbitMQ");
        }
    }

    /** Applies a complete queue list: queues not named stop consuming here; 0 stops consuming. */
    public synchronized void reconfigure(String name, Map<String, Integer> queues) {
        checkNames(name, queues);
        RunningApplication application = require(name);
        application.queues(queues);
        if (application.state() == RunningApplication.State.RUNNING) {
            for (Map.Entry<String, QueueConsumer> entry :
                    new ArrayList<>(application.consumers().entrySet())) {
                if (!queues.containsKey(entry.getKey())) {
                    QueueConsumer removed = application.consumers().remove(entry.getKey());
                    drainThenClose(removed);
                }
            }
            open(application);
        }
    }

    /** Stops the application here; running jobs are interrupted and their messages requeued. */
    public synchronized void stop(String name) {
        RunningApplication application = applications.remove(require(name).name());
        counted.remove(application.name());
        for (QueueConsumer consumer : application.allConsumers()) {
            consumer.stopConsuming();
            consumer.abortRunning();
            consumer.close();
        }
    }

    /** Takes no new jobs; running ones finish, then the channels close. */
    public synchronized void safeStop(String name) {
        RunningApplication application = applications.remove(require(name).name());
        counted.remove(application.name());
        application.allConsumers().forEach(this::drainThenClose);
    }

    private void drainThenClose(QueueConsumer consumer) {
        consumer.stopConsuming();
        drains.execute(() -> {
            try {
                consumer.awaitIdle(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close();
        });
    }

    /** Pauses the queue here if this instance consumes it. */
    public synchronized void pause(String application, String queue) {
        consumer(application, queue).ifPresent(QueueConsumer::pause);
    }

    public synchronized void resume(String application, String queue) {
        consumer(application, queue).ifPresent(consumer -> {
            try {
                consumer.resume();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not resume " + consumer.brokerQueue(), e);
            }
        });
    }

    /** Makes every consumer follow the cluster's paused set (after a reload from the database). */
    public synchronized void applyPauses(CancelsAndPauses cache) {
        for (RunningApplication application : applications.values()) {
            for (QueueConsumer consumer : application.allConsumers()) {
                boolean paused = cache.isPaused(application.name(), consumer.queue());
                if (paused && !consumer.isPaused()) {
                    consumer.pause();
                } else if (!paused && consumer.isPaused()) {
                    resume(application.name(), consumer.queue());
                }
            }
        }
    }

    private Optional<QueueConsumer> consumer(String application, String queue) {
        return Optional.ofNullable(applications.get(application))
                .map(a -> a.consumers().get(queue));
    }

    /** Every consumer of every application here, read under this registry's lock. */
    synchronized List<QueueConsumer> allConsumers() {
        List<QueueConsumer> consumers = new ArrayList<>();
        applications.values().forEach(a -> consumers.addAll(a.allConsumers()));
        return consumers;
    }

    /** The most applications {@link #startWaiting} starts in one call, so one tick stays short. */
    static final int STARTS_PER_TICK = 100;

    /**
     * Starts applications that wait for the broker, at most {@link #STARTS_PER_TICK}; called every second
     * until none waits. The lock is taken per application, so stops and starts of others go between.
     */
    public void startWaiting() {
        if (!broker.isConnected()) {
            return;
        }
        List<RunningApplication> due;
        synchronized (this) {
            due = applications.values().stream()
                    .filter(a -> a.state() == RunningApplication.State.WAITING)
                    .limit(STARTS_PER_TICK)
                    .toList();
        }
        for (RunningApplication application : due) {
            synchronized (this) {
                if (applications.get(application.name()) != application
                        || application.state() != RunningApplication.State.WAITING) {
                    continue; // stopped or started meanwhile
                }
                try {
                    open(application);
                } catch (RogerException e) {
                    LOG.log(Level.WARNING, "application '" + application.name() + "' still waits", e);
                }
            }
        }
    }

    /** The applications not consuming (waiting for the broker), from this instance's own state: no broker round trip, no lock. */
    public List<String> waiting() {
        return counted.values().stream()
                .filter(a -> a.state() == RunningApplication.State.WAITING)
                .map(RunningApplication::name)
                .sorted()
                .toList();
    }

    /** The applications that consume now, with their queue names. */
    /** A queue's counters on this instance; empty when its application does not run here. Takes no lock. */
    public java.util.Optional<dev.roger.worker.QueueCounters> counters(String application, String queue) {
        return java.util.Optional.ofNullable(counted.get(application)).map(a -> a.counters(queue));
    }

    public synchronized Map<String, List<String>> running() {
        Map<String, List<String>> running = new LinkedHashMap<>();
        applications.values().stream()
                .filter(a -> a.state() == RunningApplication.State.RUNNING)
                .forEach(a -> running.put(a.name(), List.copyOf(a.queues().keySet())));
        return running;
    }

    /** What {@code read} makes of the applications here, under this registry's lock. */
    synchronized <T> T read(java.util.function.Function<java.util.Collection<RunningApplication>, T> read) {
        return read.apply(applications.values());
    }

    /** The queues of an application here; takes no lock (every enqueue asks). */
    public Optional<Map<String, Integer>> queuesOf(String name) {
        return Optional.ofNullable(counted.get(name)).map(RunningApplication::queues);
    }

    /** Stops consuming everywhere, lets running jobs finish up to the timeout, then aborts the rest. */
    public void shutdown(Duration timeout) {
        List<QueueConsumer> consumers = new ArrayList<>();
        synchronized (this) {
            shutDown = true;
            applications.values().forEach(a -> consumers.addAll(a.allConsumers()));
            applications.clear();
            counted.clear();
        }
        consumers.forEach(QueueConsumer::stopConsuming);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (QueueConsumer consumer : consumers) {
                if (!consumer.awaitIdle(deadline)) {
                    LOG.warning(() -> "jobs of " + consumer.brokerQueue() + " still run after the shutdown timeout of "
                            + timeout.toSeconds() + " s; they are interrupted and return to the queue");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // whatever still runs is aborted: its message is requeued, never acknowledged unfinished
        consumers.forEach(QueueConsumer::abortRunning);
        consumers.forEach(QueueConsumer::close);
    }

    private void open(RunningApplication application) {
        String name = application.name();
        try {
            for (Map.Entry<String, Integer> entry : application.queues().entrySet()) {
                QueueConsumer consumer = application.consumers().get(entry.getKey());
                if (consumer == null) {
                    consumer = channels.open(name, entry.getKey(), this::replace);
                    application.consumers().put(entry.getKey(), consumer);
                }
                consumer.consume(entry.getValue());
            }
            application.state(RunningApplication.State.RUNNING);
            LOG.info(() -> "application '" + name + "' consumes " + application.queues());
        } catch (IOException | RuntimeException e) {
            throw new BrokerException("cannot start application '" + name + "': " + Broker.reason(e), e);
        }
    }

    private synchronized void replace(String name, String queue, QueueConsumer lost) {
        RunningApplication application = applications.get(name);
        if (application == null || application.consumers().get(queue) != lost) {
            return;
        }
        application.consumers().remove(queue);
        lost.abortRunning();
        try {
            open(application);
        } catch (RogerException e) {
            LOG.log(Level.WARNING, "could not reopen " + lost.brokerQueue() + "; application '" + name + "' waits", e);
            application.state(RunningApplication.State.WAITING);
        }
    }

    private RunningApplication require(String name) {
        RunningApplication application = applications.get(name);
        if (application == null) {
            throw new UnknownApplicationException("application '" + name + "' is not started on this instance");
        }
        return application;
    }

    private static void checkNames(String name, Map<String, Integer> queues) {
        if (!Names.isValid(name)) {
            throw new IllegalArgumentException("application name '" + name + "' must be " + Names.rule());
        }
        queues.forEach((queue, concurrency) -> {
            if (!Names.isValid(queue)) {
                throw new IllegalArgumentException("queue name '" + queue + "' must be " + Names.rule());
            }
            if (concurrency == null || concurrency < 0 || concurrency > 65535) {
                throw new IllegalArgumentException(
                        "concurrency of queue '" + queue + "' must be from 0 to 65535, not " + concurrency);
            }
        });
    }
}
