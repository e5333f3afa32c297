package dev.roger.cluster;

import com.rabbitmq.client.GetResponse;
import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.amqp.Topology;
import dev.roger.api.BrokerException;
import dev.roger.api.ClusterInfo;
import dev.roger.api.InstanceInfo;
import dev.roger.api.InstanceStatus;
import dev.roger.api.Listing;
import dev.roger.api.QueuePurge;
import dev.roger.api.QueuedJob;
import dev.roger.api.RogerException;
import dev.roger.api.UnknownJobException;
import dev.roger.application.LocalApplications;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobMessage;
import dev.roger.purge.QueuePurges;
import dev.roger.spi.Names;
import jakarta.json.bind.Jsonb;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster-wide operations: the database records the decision first (so it survives restarts
 * and reaches instances that start later), then the bus tells every live instance to act at once.
 */
public final class ClusterOperations {

    private static final Logger LOG = Logger.getLogger(ClusterOperations.class.getName());
    public static final int MAX_PEEK = 1000;

    private final String instance;
    private final ClusterStores state;
    private final ClusterCancelsAndPauses cache;
    private final LocalApplications applications;
    private final Broker broker;
    private final Topology topology;
    private final Bus bus;
    private final JobCodec codec;
    private final Jsonb jsonb;
    private final Duration callTimeout;
    private final Liveness liveness;
    private final JobIds jobIds;
    private final QueuePurges purges;
    private final LongConsumer onDue;
    private final Runnable onRateLimits;

    /** How the operations reach the other instances: the bus, its JSON, and how long a call waits for replies. */
    public record Calls(Bus bus, Jsonb jsonb, Duration timeout) {}

    /** How jobs are read, which ids this cluster issued, and the purges that run here. */
    public record Jobs(JobCodec codec, JobIds ids, QueuePurges purges) {}

    /** An instance whose heartbeat is older than {@code window} by the database's {@code clock} counts as dead. */
    public record Liveness(Duration window, DatabaseClock clock) {}

    /**
     * What another instance's news sets off here: {@code onDue} a job falls due sooner (epoch ms),
     * {@code onRateLimits} the cluster's rate limits changed (read them again).
     */
    public record Hooks(LongConsumer onDue, Runnable onRateLimits) {}

    public ClusterOperations(
            String instance,
            ClusterStores state,
            ClusterCancelsAndPauses cache,
            LocalApplications applications,
            Broker broker,
            Topology topology,
            Calls calls,
            Jobs jobs,
            Liveness liveness,
            Hooks hooks) {
        Bus bus = calls.bus();
        Jsonb jsonb = calls.jsonb();
        Duration callTimeout = calls.timeout();
        JobCodec codec = jobs.codec();
        JobIds jobIds = jobs.ids();
        QueuePurges purges = jobs.purges();
        this.instance = instance;
        this.state = state;
        this.cache = cache;
        this.applications = applications;
        this.broker = broker;
        this.topology = topology;
        this.bus = bus;
        this.codec = codec;
        this.jsonb = jsonb;
        this.callTimeout = callTimeout;
        this.liveness = liveness;
        this.jobIds = jobIds;
        this.purges = purges;
        this.onDue = hooks.onDue();
        this.onRateLimits = hooks.onRateLimits();
    }

    /**
     * Records the cancel and tells every instance. Only an id this cluster issued for the application
     * is kept, in the database and in every instance's memory; any other is unknown.
     */
    public void cancel(String application, String jobId) {
        if (!jobIds.issued(application, jobId)) {
            throw new UnknownJobException("no job '" + jobId + "' in application '" + application + "'");
        }
        state.cancels().add(application, jobId);
        onCancel(application, jobId);
        castQuietly(BusMessage.cancel(instance, application, jobId));
    }

    /** Tells the other instances that a job falls due at {@code dueAt} (epoch ms, the database's clock). */
    public void announceDue(long dueAt) {
        castQuietly(BusMessage.due(instance, dueAt));
    }

    /** Tells the other instances that the rate limits changed in the database (they read them again). */
    public void announceRateLimits() {
        castQuietly(BusMessage.rateLimits(instance));
    }

    public void pause(String application, String queue) {
        state.pauses().pause(application, queue);
        onPause(application, queue);
        castQuietly(BusMessage.pause(instance, application, queue));
    }

    public void resume(String application, String queue) {
        state.pauses().resume(application, queue);
        onResume(application, queue);
        castQuietly(BusMessage.resume(instance, application, queue));
    }

    /** Starts a purge of the queue here (see {@link QueuePurges}), or returns the one that runs here already. */
    public QueuePurge purge(String application, String queue) {
        return purges.start(application, queue);
    }

    /** The latest purge of the queue on any instance in the last minutes, if any. */
    public Optional<QueuePurge> purgeOf(String application, String queue) {
        return info().latestPurge(application, queue);
    }

    /**
     * Reads up to {@code limit} jobs at the head of the queue without acknowledging them, then closes
     * the channel, which returns them all to the queue in their order. None is lost: the queue has no
     * delivery limit (Roger declares it so), and a worker's count of deliveries never sees a peek.
     * It stops early, truncated, before the job messages would exceed {@link Listing#BYTE_BUDGET}.
     * A queue an earlier release declared keeps RabbitMQ 4's limit of 20, so looking at it is refused.
     */
    public Listing<QueuedJob> peek(String application, String queue, int limit) {
        if (limit < 1 || limit > MAX_PEEK) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_PEEK + ", not " + limit);
        }
        if (topology.lookingMayLoseJobs(application, queue)) {
            throw new RogerException(
                    "queue " + QueueNames.main(application, queue) + " was declared by an earlier release of"
                            + " Roger and keeps RabbitMQ " + broker.version()
                            + "'s delivery limit of 20, which every look counts"
                            + " towards: Roger does not peek at it. See the README (Upgrades) for how to lift the limit.");
        }
        return broker.withChannel("peek at " + QueueNames.main(application, queue), channel -> {
            Listing.Builder<QueuedJob> jobs = Listing.builder(Listing.BYTE_BUDGET);
            while (jobs.size() < limit) {
                GetResponse response = channel.basicGet(QueueNames.main(application, queue), false);
                if (response == null || !jobs.add(response.getBody().length, () -> describe(response))) {
                    break;
                }
            }
            return jobs.build();
        });
    }

    private QueuedJob describe(GetResponse response) {
        try {
            JobMessage job = codec.decode(response.getBody());
            return new QueuedJob(job.id(), job.type(), job.args(), job.retryCount(), job.queuedAt());
        } catch (InvalidMessageException e) {
            return new QueuedJob(
                    response.getProps().getMessageId(), "(undecodable: " + e.getMessage() + ")", null, 0, null);
        }
    }

    /**
     * Asks every live instance for its applications and running jobs; while the bus cannot send, answers
     * this instance's alone and names the others unanswered.
     */
    /**
     * Every live instance's view. While the broker is away, this instance's own view with the others
     * named unanswered; while the shared database is away (so who is alive is unknown), every instance
     * that answers within the timeout. Either way it says what it lacks, in {@code problems}.
     */
    public ClusterInfo info() {
        List<String> problems = new ArrayList<>();
        Set<String> alive = new java.util.HashSet<>();
        try {
            instances().stream()
                    .filter(InstanceStatus::alive)
                    .map(InstanceStatus::name)
                    .forEach(alive::add);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the instances", e);
            problems.add("the shared database cannot be read: which instances are alive is unknown, so this"
                    + " view shows those that answered by the time this instance did");
        }
        alive.add(instance);
        CallResult result;
        try {
            result = bus.call(BusMessage.info(instance), alive, callTimeout);
        } catch (BrokerException e) {
            // the bus cannot send (broker down or blocked): this instance's own view, the others unanswered
            alive.remove(instance);
            problems.add("RabbitMQ cannot be reached (" + e.getMessage() + "): this is instance " + instance
                    + "'s own view; the others could not be asked");
            return new ClusterInfo(List.of(localInfo()), alive.stream().sorted().toList(), problems);
        }
        List<InstanceInfo> infos = result.replies().values().stream()
                .map(json -> jsonb.fromJson(json, InstanceInfo.class))
                .sorted(Comparator.comparing(InstanceInfo::name))
                .toList();
        return new ClusterInfo(infos, result.unanswered().stream().sorted().toList(), problems);
    }

    public List<InstanceStatus> instances() {
        long aliveSince = liveness.clock().now() - liveness.window().toMillis();
        return state.instances().all().stream()
                .map(r -> new InstanceStatus(
                        r.name(),
                        r.startedAt(),
                        r.heartbeatAt(),
                        r.heartbeatAt().toEpochMilli() >= aliveSince))
                .toList();
    }

    /** What this instance does when the bus brings a message; the reply of an info request. */
    public Object handle(BusMessage message) {
        Optional<String> invalid = invalidNames(message);
        if (invalid.isPresent()) {
            LOG.warning(() ->
                    "ignored a bus " + Bus.brief(String.valueOf(message.op()).getBytes(StandardCharsets.UTF_8))
                            + " message from "
                            + Bus.brief(String.valueOf(message.from()).getBytes(StandardCharsets.UTF_8))
                            + ": " + invalid.get());
            return null;
        }
        switch (message.op()) {
            case "cancel" -> onCancel(message.application(), message.jobId());
            case "pause" -> onPause(message.application(), message.queue());
            case "resume" -> onResume(message.application(), message.queue());
            case "info" -> {
                return localInfo();
            }
            case "due" -> onDue.accept(message.dueAt());
            case "rate-limits" -> onRateLimits.run();
            default -> LOG.warning(() -> "unknown bus operation '" + message.op() + "' from " + message.from());
        }
        return null;
    }

    /** Even signed, a message names nothing this instance would not accept over the API. */
    private Optional<String> invalidNames(BusMessage message) {
        if (message.op() == null) {
            return Optional.of("no operation");
        }
        boolean application = Names.isValid(message.application());
        return switch (message.op()) {
            case "cancel" ->
                application && jobIds.issued(message.application(), message.jobId())
                        ? Optional.empty()
                        : Optional.of("not a job id this cluster issued for a valid application name");
            case "due" -> message.dueAt() != null ? Optional.empty() : Optional.of("no due time");
            case "pause", "resume" ->
                application && Names.isValid(message.queue())
                        ? Optional.empty()
                        : Optional.of("invalid application or queue name");
            default -> Optional.empty();
        };
    }

    public InstanceInfo localInfo() {
        return new InstanceInfo(
                instance, applications.status().info(), applications.running().list(instance), purges.list());
    }

    private void onCancel(String application, String jobId) {
        cache.cancelled(application, jobId);
        if (applications.running().cancelRunning(application, jobId)) {
            LOG.info(() -> "interrupting cancelled job " + jobId + " of " + application);
        }
    }

    private void onPause(String application, String queue) {
        cache.paused(application, queue);
        applications.registry().pause(application, queue);
    }

    private void onResume(String application, String queue) {
        cache.resumed(application, queue);
        applications.registry().resume(application, queue);
    }

    /** The decision is in the database already; an instance that misses the broadcast catches up on its next reload. */
    private void castQuietly(BusMessage message) {
        try {
            bus.cast(message);
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not broadcast " + message.op() + " (" + e.getMessage()
                    + "); the other instances pick it up from the database within seconds");
        }
    }
}
