package dev.roger.application;

import dev.roger.amqp.Broker;
import dev.roger.amqp.Topology;
import dev.roger.api.BrokerException;
import dev.roger.api.RogerException;
import dev.roger.api.UnknownApplicationException;
import dev.roger.spi.Names;
import dev.roger.worker.CancelsAndPauses;
import dev.roger.worker.QueueConsumer;
import dev.roger.worker.QueueCounters;
import dev.roger.worker.Workers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The applications this instance serves and their queue consumers. An application started while the
 * broker cannot be reached waits, and {@link #startWaiting()} starts it once the broker is back.
 *
 * <p>Two kinds of lock, so broker I/O never holds up anyone else: the registry's own lock guards only
 * who is in it (no I/O under it); each application's lock guards its consumers while a start,
 * reconfigure, stop, pause, resume or replacement talks to the broker. Reads (enqueues, readiness,
 * info, the workers' counters) take neither.
 */
public final class ApplicationRegistry {

    private static final Logger LOG = Logger.getLogger(ApplicationRegistry.class.getName());

    private final Broker broker;
    /** Runs the drains of stopped queues, which wait for their last jobs. */
    private final Executor drains;

    private final ConsumerChannels channels;
    /** Sorted by name; added and removed under this registry's lock, read without it. */
    private final Map<String, RunningApplication> applications = new ConcurrentSkipListMap<>();

    private final CancelsAndPauses cache;
    /** While set, no queue here takes new jobs (the heartbeat is not recorded: see {@link #hold}). */
    private volatile boolean held;

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
        this.cache = cache;
        this.drains = drains;
        this.channels = new ConsumerChannels(broker, topology, workers, this::pausedHere, queueStore, scheduler);
    }

    public void start(String name, Map<String, Integer> queues) {
        checkNames(name, queues);
        RunningApplication application = new RunningApplication(name, queues);
        application.locked(() -> {
            synchronized (this) {
                if (shutDown) {
                    throw new RogerException("Roger is shutting down; application '" + name + "' is not started");
                }
                if (applications.containsKey(name)) {
                    throw new RogerException("application '" + name + "' is already started; reconfigure it instead");
                }
                applications.put(name, application);
            }
            if (!broker.isConnected()) {
                LOG.info(() -> "application '" + name + "' waits for RabbitMQ");
                return;
            }
            try {
                open(application);
            } catch (RogerException e) {
                synchronized (this) {
                    applications.remove(name, application);
                }
                application.allConsumers().forEach(QueueConsumer::close);
                throw e;
            }
        });
    }

    /** Applies a complete queue list: queues not named stop consuming here; 0 stops consuming. */
    public void reconfigure(String name, Map<String, Integer> queues) {
        checkNames(name, queues);
        RunningApplication application = require(name);
        application.locked(() -> {
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
        });
    }

    /** Stops the application here; running jobs are interrupted and their messages requeued. */
    public void stop(String name) {
        RunningApplication application = remove(name);
        application.locked(() -> {
            for (QueueConsumer consumer : application.allConsumers()) {
                consumer.stopConsuming();
                consumer.abortRunning();
                consumer.close();
            }
        });
    }

    /** Takes no new jobs; running ones finish, then the channels close. */
    public void safeStop(String name) {
        RunningApplication application = remove(name);
        application.locked(() -> {
            application.allConsumers().forEach(this::drainThenClose);
        });
    }

    private RunningApplication remove(String name) {
        synchronized (this) {
            RunningApplication application = require(name);
            applications.remove(name);
            return application;
        }
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
    public void pause(String application, String queue) {
        withConsumer(application, queue, QueueConsumer::pause);
    }

    public void resume(String application, String queue) {
        if (!held) {
            withConsumer(application, queue, this::resume);
        }
    }

    private void resume(QueueConsumer consumer) {
        try {
            consumer.resume();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not resume " + consumer.brokerQueue(), e);
        }
    }

    /**
     * While {@code hold} is set no queue here takes new jobs, whatever the cluster's pauses; running
     * jobs go on. Once cleared, every queue follows the cluster's pauses again.
     */
    public void hold(boolean hold) {
        held = hold;
        applyPauses(cache);
        if (hold) {
            long consuming = applications.values().stream()
                    .flatMap(a -> a.allConsumers().stream())
                    .filter(c -> !c.isPaused())
                    .count();
            if (consuming > 0) {
                LOG.info(() -> "holding back new jobs: " + consuming
                        + " queue(s) still consuming here (their applications are busy with the broker)");
            }
        }
    }

    /** Whether this instance holds back new jobs (see {@link #hold}). */
    public boolean held() {
        return held;
    }

    private boolean pausedHere(String application, String queue) {
        return held || cache.isPaused(application, queue);
    }

    /**
     * Makes every consumer follow the cluster's paused set (after a reload from the database), and the
     * hold. An application whose start or stop is talking to the broker is skipped, not waited for: it
     * reads the pauses as it opens, and the next call catches up.
     */
    public void applyPauses(CancelsAndPauses cache) {
        int busy = 0;
        int paused = 0;
        for (RunningApplication application : applications.values()) {
            if (!application.lock().tryLock()) {
                busy++;
                continue;
            }
            try {
                for (QueueConsumer consumer : application.allConsumers()) {
                    boolean pause = held || cache.isPaused(application.name(), consumer.queue());
                    if (pause && !consumer.isPaused()) {
                        consumer.pause();
                        paused++;
                    } else if (!pause && consumer.isPaused()) {
                        resume(consumer);
                    }
                }
            } finally {
                application.lock().unlock();
            }
        }
        if (paused > 0 || busy > 0) {
            int p = paused;
            int b = busy;
            LOG.fine(() ->
                    "paused " + p + " queue(s) here; " + b + " application(s) busy with the broker, for the next pass");
        }
    }

    private void withConsumer(String name, String queue, java.util.function.Consumer<QueueConsumer> action) {
        RunningApplication application = applications.get(name);
        if (application == null) {
            return;
        }
        application.locked(() -> {
            QueueConsumer consumer = application.consumers().get(queue);
            if (consumer != null) {
                action.accept(consumer);
            }
        });
    }

    /** Every consumer of every application here; takes no lock. */
    List<QueueConsumer> allConsumers() {
        List<QueueConsumer> consumers = new ArrayList<>();
        applications.values().forEach(a -> consumers.addAll(a.allConsumers()));
        return consumers;
    }

    /** The most applications {@link #startWaiting} starts in one call, so one tick stays short. */
    static final int STARTS_PER_TICK = 100;

    /**
     * Starts applications that wait for the broker, at most {@link #STARTS_PER_TICK}; called every second
     * until none waits. Each start holds only its own application's lock.
     */
    public void startWaiting() {
        if (!broker.isConnected()) {
            return;
        }
        List<RunningApplication> due = applications.values().stream()
                .filter(a -> a.state() == RunningApplication.State.WAITING)
                .limit(STARTS_PER_TICK)
                .toList();
        for (RunningApplication application : due) {
            application.locked(() -> {
                if (applications.get(application.name()) != application
                        || application.state() != RunningApplication.State.WAITING) {
                    return; // stopped or started meanwhile
                }
                try {
                    open(application);
                } catch (RogerException e) {
                    LOG.log(Level.WARNING, "application '" + application.name() + "' still waits", e);
                }
            });
        }
    }

    /** The applications not consuming (waiting for the broker), from this instance's own state: no broker round trip, no lock. */
    public List<String> waiting() {
        return applications.values().stream()
                .filter(a -> a.state() == RunningApplication.State.WAITING)
                .map(RunningApplication::name)
                .toList();
    }

    /** A queue's counters on this instance; empty when its application does not run here. Takes no lock. */
    public Optional<QueueCounters> counters(String application, String queue) {
        return Optional.ofNullable(applications.get(application)).map(a -> a.counters(queue));
    }

    /** The applications that consume now, with their queue names. Takes no lock. */
    public Map<String, List<String>> running() {
        Map<String, List<String>> running = new LinkedHashMap<>();
        applications.values().stream()
                .filter(a -> a.state() == RunningApplication.State.RUNNING)
                .forEach(a -> running.put(a.name(), List.copyOf(a.queues().keySet())));
        return running;
    }

    /** What {@code read} makes of the applications here, sorted by name. Takes no lock. */
    <T> T read(Function<Collection<RunningApplication>, T> read) {
        return read.apply(applications.values());
    }

    /** The queues of an application here; takes no lock (every enqueue asks). */
    public Optional<Map<String, Integer>> queuesOf(String name) {
        return Optional.ofNullable(applications.get(name)).map(RunningApplication::queues);
    }

    /** Stops consuming everywhere, lets running jobs finish up to the timeout, then aborts the rest. */
    public void shutdown(Duration timeout) {
        List<RunningApplication> all;
        synchronized (this) {
            shutDown = true;
            all = List.copyOf(applications.values());
            applications.clear();
        }
        List<QueueConsumer> consumers = new ArrayList<>();
        for (RunningApplication application : all) {
            // a start under way finishes first, so its consumers are stopped too
            application.locked(() -> {
                consumers.addAll(application.allConsumers());
            });
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

    /** The caller holds the application's lock. */
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

    private void replace(String name, String queue, QueueConsumer lost) {
        RunningApplication application = applications.get(name);
        if (application == null) {
            return;
        }
        application.locked(() -> {
            if (applications.get(name) != application || application.consumers().get(queue) != lost) {
                return;
            }
            application.consumers().remove(queue);
            lost.abortRunning();
            try {
                open(application);
            } catch (RogerException e) {
                LOG.log(
                        Level.WARNING,
                        "could not reopen " + lost.brokerQueue() + "; application '" + name + "' waits",
                        e);
                application.state(RunningApplication.State.WAITING);
            }
        });
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
