package dev.roger.worker;

import dev.roger.cluster.ClusterCache;
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
 */
public record WorkerServices(JobCodec codec, ArgsCodec argsCodec, JobTypes jobTypes, JobRouting routing,
                             RetryPolicy retryPolicy, JobEvents events, ExecutorService executor,
                             ScheduledExecutorService scheduler, SharedState state, ClusterCache cache,
                             ExecutionClaims claims, String instance, Duration aliveWindow) {

    long aliveSince() {
        return System.currentTimeMillis() - aliveWindow.toMillis();
    }
}
