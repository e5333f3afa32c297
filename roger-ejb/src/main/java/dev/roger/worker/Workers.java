package dev.roger.worker;

import com.rabbitmq.client.Channel;
import dev.roger.history.OutcomeTally;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobTypes;
import dev.roger.keys.JobKeys;
import dev.roger.keys.LongJobs;
import dev.roger.records.JobRecords;
import dev.roger.state.CancelStore;
import dev.roger.state.DeliveryStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

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

    private final Reading reading;
    private final JobRouting routing;
    private final RetryPolicy retryPolicy;
    private final RetryScheduler retries;
    private final JobEvents events;
    private final ExecutorService executor;
    private final ScheduledExecutorService timeouts;
    private final JobKeys keys;
    private final LongJobs longJobs;
    private final CancelStore cancels;
    private final ControlFlags flags;
    private final ExecutionTurns turns;
    private final DeliveryLimit deliveryLimit;
    private final DatabaseHold databaseHold;
    private final JobRecords records;
    private final OutcomeTally history;
    private final CurrentRuns runs;

    public Workers(
            Reading reading,
            JobRouting routing,
            RetryPolicy retryPolicy,
            RetryScheduler retries,
            JobEvents events,
            ExecutorService executor,
            ScheduledExecutorService timeouts,
            JobKeys keys,
            LongJobs longJobs,
            CancelStore cancels,
            DeliveryStore deliveries,
            Runnable databasePing,
            ControlFlags flags,
            Limits limits,
            JobRecords records,
            OutcomeTally history,
            CurrentRuns runs) {
        this.records = records;
        this.history = history;
        this.runs = runs;
        this.reading = reading;
        this.routing = routing;
        this.retryPolicy = retryPolicy;
        this.retries = retries;
        this.events = events;
        this.executor = executor;
        this.timeouts = timeouts;
        this.keys = keys;
        this.longJobs = longJobs;
        this.cancels = cancels;
        this.flags = flags;
        this.turns = new ExecutionTurns(keys, limits.aliveWindow());
        this.deliveryLimit = new DeliveryLimit(deliveries, limits.maxDeliveries());
        this.databaseHold = new DatabaseHold(databasePing, limits.databaseHold());
    }

    /** A job's result as JSON for its record; null when JSON-B cannot write it. */
    private String resultJson(Object result) {
        if (result == null) {
            return null;
        }
        if (result instanceof jakarta.json.JsonValue json) {
            return json.toString();
        }
        try {
            return reading.argsCodec().toJson(result).toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The consumer of {@code application-queue} on the channel; it counts into {@code counters}. */
    public QueueConsumer consumer(String application, String queue, Channel channel, QueueCounters counters) {
        DeliverySettler settler = new DeliverySettler(channel, longJobs);
        Outcomes outcomes = new Outcomes(
                application,
                queue,
                settler,
                counters,
                routing,
                retryPolicy,
                retries,
                events,
                keys,
                cancels,
                flags,
                records,
                this::resultJson,
                history);
        Worker worker = new Worker(
                application,
                queue,
                outcomes,
                reading.codec(),
                reading.argsCodec(),
                reading.jobTypes(),
                events,
                flags,
                turns,
                deliveryLimit,
                databaseHold,
                timeouts,
                runs,
                records);
        return new QueueConsumer(application, queue, channel, executor, worker, settler);
    }
}
