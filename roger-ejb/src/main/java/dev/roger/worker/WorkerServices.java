package dev.roger.worker;

import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobTypes;
import dev.roger.state.SharedState;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every worker of the instance shares.
 *
 * @param claims the execution-keyed jobs this instance's workers hold
 * @param aliveWindow an instance whose last heartbeat is older than this counts as dead
 * @param maxDeliveries a job handed to workers more often without an outcome is parked
 * @param databaseHold how long a worker holds a delivery while the database is away, before returning it
 */
public record WorkerServices(
        JobCodec codec,
        ArgsCodec argsCodec,
        JobTypes jobTypes,
        JobRouting routing,
        RetryPolicy retryPolicy,
        JobEvents events,
        ExecutorService executor,
        ScheduledExecutorService scheduler,
        SharedState state,
        ControlFlags cache,
        ExecutionClaims claims,
        String instance,
        Duration aliveWindow,
        int maxDeliveries,
        Duration databaseHold) {

    long aliveSince() {
        return System.currentTimeMillis() - aliveWindow.toMillis();
    }
}
