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
    /** A key reserved for a publish that never completed is released after this long, whatever happened. */
    private static final Duration RESERVATION_LIMIT = Duration.ofMinutes(5);

    private static final Duration FORGET_INSTANCES = Duration.ofDays(1);
    private static final Logger LOG = Logger.getLogger(Maintenance.class.getName());

    /** Without a heartbeat for this long the database counts as away, even before a statement fails. */
    private final Duration silentDatabase;
    /** An instance silent for this long counts as dead. */
    private final Duration deadAfter;

    private final String instance;
    private final String keyId;
    private final Instant startedAt = Instant.now();
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private volatile boolean lastHeartbeatFailed;
    private final ClusterStores state;
    private final ClusterCancelsAndPauses cache;
    private final LocalApplications applications;
    private final JobKeys keys;
    private final LongJobs longJobs;
    private final Duration detachAfter;
    private final List<ScheduledFuture<?>> tasks;

    public Maintenance(
            String instance,
            String keyId,
            ClusterStores state,
            ClusterCancelsAndPauses cache,
            LocalApplications applications,
            JobKeys keys,
            LongJobs longJobs,
            ClusterSettings cluster,
            ScheduledExecutorService heartbeatTimer,
            ScheduledExecutorService scheduler) {
        this.silentDatabase = cluster.heartbeat().multipliedBy(ClusterSettings.MISSED_HEARTBEATS);
        this.deadAfter = cluster.deadAfter();
        this.instance = instance;
        this.keyId = keyId;
        this.state = state;
        this.cache = cache;
        this.applications = applications;
        this.keys = keys;
        this.longJobs = longJobs;
        this.detachAfter = cluster.consumerTimeout().dividedBy(2);
        heartbeat();
        reload();
        this.tasks = List.of(
                // on a thread of its own: no slow task elsewhere makes the others take this instance for dead
                every(heartbeatTimer, cluster.heartbeat(), this::heartbeat),
                every(scheduler, RELOAD, this::reload),
                every(scheduler, RECOVERY, this::recover),
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

    private void heartbeat() {
        try {
            state.instances().heartbeat(instance, startedAt, keyId);
            lastHeartbeatNanos = System.nanoTime();
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
        if (lastHeartbeatFailed) {
            return Optional.of("the shared database failed the last heartbeat; none succeeded for "
                    + silentMillis / 1000 + " s (the server log says why)");
        }
        if (silentMillis > silentDatabase.toMillis()) {
            return Optional.of("the shared database has not taken a heartbeat for " + silentMillis / 1000 + " s");
        }
        return Optional.empty();
    }

    /** Repairs the cache from the database, in case a broadcast was missed, and applies the paused set. */
    void reload() {
        ClusterCancelsAndPauses.Snapshot before = cache.snapshot();
        cache.reload(before, state.cancels().pending(), state.pauses().paused());
        applications.registry().applyPauses(cache);
    }

    void recover() {
        long now = System.currentTimeMillis();
        long deadBefore = now - deadAfter.toMillis();
        try {
            ReleasedKeys released =
                    keys.recover(deadBefore, now - RESERVATION_LIMIT.toMillis(), now - REPUBLISH_GRACE.toMillis());
            if (released.any()) {
                LOG.info(() -> "recovered " + released.queueKeys() + " queue key(s) and " + released.executionPlaces()
                        + " execution key place(s) left by dead instances");
            }
            longJobs.recover(deadBefore);
        } catch (IOException e) {
            throw new IllegalStateException("could not republish a held job: " + e.getMessage(), e);
        }
        state.cancels().deleteExpired();
        state.deliveries().forgetOlderThan(now - CancelStore.KEPT.toMillis());
        state.instances().forgetSilentSince(now - FORGET_INSTANCES.toMillis());
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
