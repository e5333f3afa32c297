package dev.roger.engine;

import dev.roger.amqp.Broker;
import dev.roger.application.ApplicationRegistry;
import dev.roger.cluster.Bus;
import dev.roger.keys.LongJobs;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps this instance connected to RabbitMQ: connects at start and, once a second, again after an
 * outage; then starts the applications that wait for the broker and moves what an earlier release
 * left in its buried and parked queues into the database. Once per start, after the first
 * connection, the long jobs this instance was running when it last stopped are queued again.
 */
final class BrokerLink {

    private static final Logger LOG = Logger.getLogger(BrokerLink.class.getName());

    private final Broker broker;
    private final Bus bus;
    private final ApplicationRegistry applications;
    private final EarlierQueues earlierQueues;
    private final LongJobs longJobs;
    private volatile long lastTick = System.nanoTime();
    /** Applications whose buried and parked queues of an earlier release were drained since this start. */
    private final Set<String> drained = new HashSet<>();
    /** Once per start: after a mere broker outage this instance's long jobs are still running here. */
    private boolean ownLongJobsRequeued;

    BrokerLink(
            Broker broker, Bus bus, ApplicationRegistry applications, EarlierQueues earlierQueues, LongJobs longJobs) {
        this.broker = broker;
        this.bus = bus;
        this.applications = applications;
        this.earlierQueues = earlierQueues;
        this.longJobs = longJobs;
    }

    /** Liveness: called once a second on the heartbeat's thread, which a wedged broker call cannot hold up. */
    void tick() {
        lastTick = System.nanoTime();
    }

    /** The once-a-second work. */
    void keepConnected() {
        try {
            if (!broker.isConnected() || !ownLongJobsRequeued || !bus.isListening()) {
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
                    earlierQueues.drainEarlierQueues(application, queues);
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

    /** Connects and starts the bus; an unreachable broker is logged, and {@link #keepConnected} tries again. */
    void connect() {
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

    boolean connected() {
        return broker.isConnected();
    }

    /** Why RabbitMQ blocks publishing, while it does. */
    java.util.Optional<String> blocked() {
        return broker.blocked();
    }

    /** How long ago {@link #tick} last ran; long means the engine's timers are wedged. */
    Duration sinceLastTick() {
        return Duration.ofNanos(System.nanoTime() - lastTick);
    }
}
