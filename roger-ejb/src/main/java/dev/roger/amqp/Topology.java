package dev.roger.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import dev.roger.api.BrokerException;
import dev.roger.config.QueueType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Declares Roger's queues with every argument they rely on stated explicitly, for the broker version
 * at hand (RabbitMQ never changes a queue's arguments after it is declared, and its defaults changed
 * in 4.0). All declarations are idempotent and run on channels of their own, since a refused one
 * closes its channel.
 *
 * <p>A queue an earlier release declared with other arguments is used as it is, with a warning, and
 * a main queue is remembered as legacy, so that peeking at it is refused on RabbitMQ 4, where every
 * look counts towards the queue's delivery limit of 20.
 */
public final class Topology {

    private static final Logger LOG = Logger.getLogger(Topology.class.getName());
    private static final int PRECONDITION_FAILED = 406;
    static final String DELIVERY_LIMIT = "x-delivery-limit";

    private final QueueType queueType;
    private final Broker broker;
    private final Set<String> legacy = ConcurrentHashMap.newKeySet();

    public Topology(QueueType queueType, Broker broker) {
        this.queueType = queueType;
        this.broker = broker;
    }

    /** Declares an application's main queue; true when it is a legacy queue used as it is. */
    public boolean declareMain(String application, String queue) {
        String name = QueueNames.main(application, queue);
        boolean asItIs = declare(name, mainArguments(broker.version()));
        if (asItIs) {
            legacy.add(name);
        } else {
            legacy.remove(name);
        }
        return asItIs;
    }

    /** A short wait before a job goes back to its queue (not a retry): messages expire after the delay and are dead-lettered back. */
    public void declareDelay(String application, String queue, int delaySeconds) {
        declare(
                QueueNames.delay(application, queue, delaySeconds),
                delayedArguments(broker.version(), application, queue, delaySeconds));
    }

    /**
     * Whether looking at the main queue may cost a job: on RabbitMQ 4 a quorum queue declared without
     * Roger's {@code x-delivery-limit=-1} deletes a message returned more than 20 times, and every
     * look returns the messages it saw. Asks the broker, so it holds on instances that do not run the queue.
     */
    public boolean lookingMayLoseJobs(String application, String queue) {
        String name = QueueNames.main(application, queue);
        if (queueType != QueueType.QUORUM || !broker.version().limitsDeliveriesByDefault()) {
            return false;
        }
        return legacy.contains(name) || declareMain(application, queue);
    }

    /** The arguments of a main queue. */
    public Map<String, Object> mainArguments(BrokerVersion version) {
        Map<String, Object> arguments = typed();
        if (queueType == QueueType.QUORUM && version.limitsDeliveriesByDefault()) {
            // no limit: Roger bounds a job's deliveries itself and parks it visibly (roger.max-deliveries)
            arguments.put(DELIVERY_LIMIT, -1);
        }
        return arguments;
    }

    /**
     * The arguments of a retry or delay level. There is no {@code x-expires}: an idle retry queue
     * could be deleted with jobs in it. On quorum queues the expired messages move at least once:
     * a message leaves only when the main queue has confirmed it.
     */
    public Map<String, Object> delayedArguments(
            BrokerVersion version, String application, String queue, int delaySeconds) {
        Map<String, Object> arguments = mainArguments(version);
        arguments.put("x-message-ttl", delaySeconds * 1000L);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", QueueNames.main(application, queue));
        if (queueType == QueueType.QUORUM) {
            arguments.put("x-dead-letter-strategy", "at-least-once");
            arguments.put("x-overflow", "reject-publish"); // required by at-least-once
        }
        return arguments;
    }

    /** Declares the queue; true when it exists with other arguments and is used as it is. */
    private boolean declare(String name, Map<String, Object> arguments) {
        try {
            declareOn(name, arguments);
            return false;
        } catch (IOException e) {
            if (!refused(e)) {
                throw new BrokerException("cannot declare queue " + name + ": " + Broker.reason(e), e);
            }
            return takeOver(name, Broker.reason(e));
        }
    }

    private boolean takeOver(String name, String reason) {
        if (reason.contains("'x-queue-type'")) {
            // another queue type is not something an upgrade left behind: the operator decides
            throw new BrokerException("cannot declare queue " + name + ": " + reason);
        }
        // RabbitMQ cannot delete a quorum queue only if it is empty and unused, and a check before
        // a plain delete could lose a job published in between: the queue stays as it is
        LOG.warning(() -> "queue " + name + " exists with other arguments than this release declares (" + reason
                + "); it is used as it is. " + advice(name));
        return true;
    }

    private String advice(String name) {
        if (queueType == QueueType.QUORUM && broker.version().limitsDeliveriesByDefault()) {
            return "On RabbitMQ " + broker.version()
                    + " it keeps the default delivery limit of 20: Roger refuses to peek at it"
                    + " and parks a job after roger.max-deliveries deliveries, below that limit. Lift the limit with"
                    + " rabbitmqctl set_policy --apply-to quorum_queues roger-delivery-limit '^"
                    + java.util.regex.Pattern.quote(name)
                    + "$' '{\"delivery-limit\":-1}'; once it is empty and unused, delete it and Roger declares it anew.";
        }
        return "Once it is empty and unused, delete it and Roger declares it anew when it next needs it.";
    }

    private void declareOn(String name, Map<String, Object> arguments) throws IOException {
        try {
            broker.withChannel(channel -> channel.queueDeclare(name, true, false, false, arguments));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("declaring " + name + " timed out", e);
        }
    }

    private static boolean refused(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ShutdownSignalException signal
                    && signal.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close close) {
                return close.getReplyCode() == PRECONDITION_FAILED;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private Map<String, Object> typed() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-queue-type", queueType.argument());
        return arguments;
    }
}
