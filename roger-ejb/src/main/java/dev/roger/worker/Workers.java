package dev.roger.worker;

import com.rabbitmq.client.Channel;
import dev.roger.budget.WorkerBudget;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobTypes;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.lifecycle.JobLifecycle;
import dev.roger.ratelimit.RateLimits;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * Makes the consumer of a queue with its worker, outcomes and settler, each given only what it uses.
 * Built once by the composition root with what the workers of the instance share; it hands nothing
 * out but consumers.
 */
public final class Workers {

    /**
     * @param aliveWindow an instance whose last heartbeat is older than this counts as dead
     * @param maxDeliveries a job handed to workers more often without an outcome is parked
     * @param databaseHold how long a worker holds a delivery while the database is away, before returning it
     */
    public record Limits(Duration aliveWindow, int maxDeliveries, Duration databaseHold) {}

    /** How a job's message is read: its envelope, its args, its type. */
    public record Reading(JobCodec codec, ArgsCodec argsCodec, JobTypes jobTypes) {}

    /**
     * Where jobs run (on the executor behind the worker {@code budget}, once their rate limits let them),
     * their time-outs and progress writes, and the runs' thread-local view.
     */
    public record Threads(
            WorkerBudget budget, RateLimits rateLimits, ScheduledExecutorService timeouts, CurrentRuns runs) {}

    /**
     * What the checks before a run read: the execution keys, the delivery counts, the database and its
     * clock ({@code clusterTime}, on which the instances' heartbeats are written).
     */
    public record Checks(
            JobKeys keys, DeliveryStore deliveries, Runnable databasePing, LongSupplier clusterTime, Limits limits) {}

    /** What the outcomes of every queue on this instance share to move jobs on. */
    public record Moves(
            JobRouting routing,
            Retries retries,
            JobKeys keys,
            CancelStore cancels,
            CancelsAndPauses flags,
            JobLifecycle lifecycle) {}

    /** Where a run's progress goes (its record), at most once a {@link Worker#PROGRESS_RECORDED_EVERY}. */
    @FunctionalInterface
    public interface ProgressSink {
        void progress(String application, String queue, JobMessage job, int percent, String message);
    }

    private final Reading reading;
    private final Threads threads;
    private final Worker.Guards guards;
    private final Moves outcomes;
    private final LongJobs longJobs;
    private final ProgressSink progress;

    public Workers(
            Reading reading, Threads threads, Checks checks, Moves outcomes, LongJobs longJobs, ProgressSink progress) {
        this.reading = reading;
        this.threads = threads;
        this.guards = new Worker.Guards(
                new ExecutionTurns(checks.keys(), checks.limits().aliveWindow(), checks.clusterTime()),
                new DeliveryLimit(checks.deliveries(), checks.limits().maxDeliveries()),
                new DatabaseHold(checks.databasePing(), checks.limits().databaseHold()));
        this.outcomes = outcomes;
        this.longJobs = longJobs;
        this.progress = progress;
    }

    /** The consumer of {@code application-queue} on the channel. */
    public QueueConsumer consumer(String application, String queue, Channel channel) {
        DeliverySettler settler = new DeliverySettler(channel, longJobs);
        Outcomes queueOutcomes = new Outcomes(application, queue, settler, outcomes);
        Worker worker =
                new Worker(application, queue, queueOutcomes, reading, guards, outcomes.flags(), threads, progress);
        return new QueueConsumer(application, queue, channel, threads.budget(), threads.rateLimits(), worker, settler);
    }
}
