package dev.roger.cluster;

import dev.roger.application.LocalApplications;
import dev.roger.config.ClusterSettings;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.keys.ReleasedKeys;
import dev.roger.worker.CancelStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The periodic work of an instance: its heartbeat, keeping the in-memory cache in line with the
 * database, detaching long jobs, and recovering what instances that died left behind (keys reserved
 * but never used, execution-key heads left waiting, long jobs). Every instance runs the recovery;
 * each step is idempotent and guarded by the database.
 */
public final class Maintenance implements AutoCloseable {

    private static final Duration RELOAD = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    /** A republish not confirmed after this long is tried again. */
    private static final Duration REPUBLISH_GRACE = Duration.ofSeconds(30);

    private static final Duration FORGET_INSTANCES = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger(Maintenance.class.getName());

    /** Without a heartbeat for this long the database counts as away, even before a statement fails. */
    private final Duration silentDatabase;
    /** An instance silent for this long counts as dead. */
    private final Duration deadAfter;
    /**
     * Without a heartbeat for this long this instance takes no new jobs: before the others may take it
     * for dead and run its work again, and long enough that a short outage changes nothing.
     */
    private final Duration holdAfter;

    private final String instance;
    private final String keyId;
    private final Instant startedAt = Instant.now();
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private volatile boolean lastHeartbeatFailed;
    /** Since when every heartbeat succeeded in time: the others had the same chance to write theirs. */
    private volatile long unbrokenSinceNanos = System.nanoTime();

    private volatile boolean holding;
    private final DatabaseClock clock;
    private final ClusterStores state;
    private final ClusterCancelsAndPauses cache;
    private final LocalApplications applications;
    private final JobKeys keys;
    private final LongJobs longJobs;
    private final Duration detachAfter;
    private final List<ScheduledFuture<?>> tasks;

    /** Where what dead instances leave behind is kept: reserved keys, execution key places, long jobs. */
    public record Leftovers(JobKeys keys, LongJobs longJobs) {}

    public Maintenance(
            String instance,
            String keyId,
            ClusterStores state,
            ClusterCancelsAndPauses cache,
            LocalApplications applications,
            Leftovers leftovers,
            ClusterSettings cluster,
            DatabaseClock clock,
            ScheduledExecutorService heartbeatTimer,
            ScheduledExecutorService scheduler) {
        this.silentDatabase = cluster.heartbeat().multipliedBy(ClusterSettings.MISSED_HEARTBEATS);
        this.deadAfter = cluster.deadAfter();
        this.holdAfter = holdAfter(cluster);
        this.clock = clock;
        this.instance = instance;
        this.keyId = keyId;
        this.state = state;
        this.cache = cache;
        this.applications = applications;
        this.keys = leftovers.keys();
        this.longJobs = leftovers.longJobs();
        this.detachAfter = cluster.consumerTimeout().dividedBy(2);
        heartbeat();
        reload();
        this.tasks = List.of(
                // on a thread of its own: no slow task elsewhere makes the others take this instance for dead
                every(heartbeatTimer, cluster.heartbeat(), this::heartbeat),
                every(scheduler, RELOAD, this::reload),
                every(scheduler, RECOVERY, this::recover),
                // not on the heartbeat's thread: a heartbeat that hangs must not hide its own silence
                every(scheduler, Duration.ofSeconds(1), this::holdWhileSilent),
                every(
                        scheduler,
                        Duration.ofSeconds(1),
                        () -> applications.running().detachLongJobs(detachAfter)));
    }

    private static ScheduledFuture<?> every(ScheduledExecutorService scheduler, Duration period, Runnable task) {
        return scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.log(
                                Level.WARNING,
                                "periodic task failed; it runs again in " + period.toSeconds() + " s: "
                                        + e.getMessage());
                        LOG.log(Level.FINE, "periodic task failure", e);
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * One heartbeat before the others may take this instance for dead, so a shorter database outage
     * never stops the jobs (their records wait in the buffer). The configuration keeps the window at
     * least three heartbeats long, so this is at least two.
     */
    static Duration holdAfter(ClusterSettings cluster) {
        return cluster.deadAfter().minus(cluster.heartbeat());
    }

    private void heartbeat() {
        try {
            long at = clock.sync(state.instances()::databaseTime);
            state.instances().heartbeat(instance, startedAt, keyId, at);
            long now = System.nanoTime();
            if (lastHeartbeatFailed || now - lastHeartbeatNanos > silentDatabase.toNanos()) {
                unbrokenSinceNanos = now;
            }
            lastHeartbeatNanos = now;
            lastHeartbeatFailed = false;
        } catch (RuntimeException e) {
            lastHeartbeatFailed = true;
            throw e;
        }
    }

    /**
     * What readiness reports, from the heartbeat alone: no request costs a database round trip, and
     * the words are Roger's, never the driver's or the SQL's (the log has those).
     */
    public Optional<String> databaseProblem() {
        long silentMillis =
                Duration.ofNanos(System.nanoTime() - lastHeartbeatNanos).toMillis();
        String held = holding ? "; this instance takes no new jobs until it records its heartbeat again" : "";
        if (lastHeartbeatFailed) {
            return Optional.of("the shared database failed the last heartbeat; none succeeded for "
                    + silentMillis / 1000 + " s (the server log says why)" + held);
        }
        if (silentMillis > silentDatabase.toMillis()) {
            return Optional.of(
                    "the shared database has not taken a heartbeat for " + silentMillis / 1000 + " s" + held);
        }
        return Optional.empty();
    }

    /**
     * An instance that cannot record its heartbeat will soon count as dead, and the others then take
     * over its execution keys and long jobs: before that, it stops taking new jobs (its running ones go
     * on), and takes them again once a heartbeat is recorded.
     */
    void holdWhileSilent() {
        boolean silent = System.nanoTime() - lastHeartbeatNanos > holdAfter.toNanos();
        if (silent != holding) {
            holding = silent;
            if (silent) {
                LOG.warning(() -> "no heartbeat recorded for " + holdAfter.toSeconds()
                        + " s: this instance takes no new jobs until the shared database takes one again");
            } else {
                LOG.info("the heartbeat is recorded again: this instance takes new jobs again");
            }
            applications.registry().hold(silent);
        } else if (silent) {
            // again each second: an application that was starting when the hold began is held now
            applications.registry().hold(true);
        }
    }

    /** Whether this instance holds back new jobs because its heartbeat is not recorded. */
    public boolean holding() {
        return holding;
    }

    /**
     * Whether this instance may judge the others dead: only once its own heartbeats have succeeded for a
     * whole dead-instance window. After an outage of the database every heartbeat is old; the others
     * need that long to write theirs again before their silence means anything.
     */
    boolean judgesTheOthers() {
        long now = System.nanoTime();
        return !lastHeartbeatFailed
                && now - lastHeartbeatNanos <= silentDatabase.toNanos()
                && now - unbrokenSinceNanos >= deadAfter.toNanos();
    }

    /** Repairs the cache from the database, in case a broadcast was missed, and applies the paused set. */
    void reload() {
        ClusterCancelsAndPauses.Snapshot before = cache.snapshot();
        cache.reload(before, state.cancels().pending(), state.pauses().paused());
        applications.registry().applyPauses(cache);
    }

    void recover() {
        long now = clock.now();
        if (judgesTheOthers()) {
            recoverFromTheDead(now - deadAfter.toMillis());
        } else {
            LOG.fine("no recovery from dead instances yet: this instance's own heartbeats have not succeeded"
                    + " for a dead-instance window");
        }
        long local = System.currentTimeMillis();
        state.cancels().deleteExpired();
        state.deliveries().forgetOlderThan(local - CancelStore.KEPT.toMillis());
        state.instances().forgetSilentSince(now - FORGET_INSTANCES.toMillis());
    }

    /** {@code deadBefore} is on the database's clock; the republish grace on this instance's, as its rows are. */
    private void recoverFromTheDead(long deadBefore) {
        try {
            ReleasedKeys released = keys.recover(deadBefore, System.currentTimeMillis() - REPUBLISH_GRACE.toMillis());
            if (released.any()) {
                LOG.info(() -> "recovered " + released.queueKeys() + " queue key(s) and " + released.executionPlaces()
                        + " execution key place(s) left by dead instances");
            }
            longJobs.recover(deadBefore);
        } catch (IOException e) {
            throw new IllegalStateException("could not republish a held job: " + e.getMessage(), e);
        }
    }

    /** Leaving cleanly: the others see at once that this instance is gone. */
    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
        try {
            state.instances().leave(instance);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "could not record leaving", e);
        }
    }
}
