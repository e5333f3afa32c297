package dev.roger.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * Roger's own timers, made from the server's ManagedThreadFactory (so their threads carry the
 * deployment's context): one thread for the heartbeat that does nothing else, and a small pool for
 * the rest of the periodic work (due-job claims, recurring fires, counts, clean-ups, job time-outs).
 * The server's default ManagedScheduledExecutorService is one thread on Payara (core pool 0): a claim
 * waiting for confirms there held back the heartbeat until the other instances took this one for dead.
 */
record Timers(ScheduledExecutorService heartbeat, ScheduledExecutorService periodic) {

    /** Enough for a slow task or two (a claim waiting for confirms, a clean-up) while the others keep time. */
    static final int PERIODIC_THREADS = 4;

    static Timers create(ThreadFactory threads) {
        ScheduledThreadPoolExecutor heartbeat = new ScheduledThreadPoolExecutor(1, threads);
        ScheduledThreadPoolExecutor periodic = new ScheduledThreadPoolExecutor(PERIODIC_THREADS, threads);
        for (ScheduledThreadPoolExecutor timer : new ScheduledThreadPoolExecutor[] {heartbeat, periodic}) {
            // a cancelled task leaves at once, so many short time-outs do not pile up in the queue
            timer.setRemoveOnCancelPolicy(true);
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }
        return new Timers(heartbeat, periodic);
    }

    void shutdown() {
        heartbeat.shutdownNow();
        periodic.shutdownNow();
    }
}
