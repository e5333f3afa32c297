package dev.roger.worker;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Roger's bound on poison jobs (a job that kills its JVM, say): redeliveries are counted in the
 * database, and a job handed to workers more than {@code roger.max-deliveries} times is parked.
 * Only redeliveries cost a statement; a peek, which no worker sees, adds nothing.
 */
final class DeliveryLimit {

    private static final Logger LOG = Logger.getLogger(DeliveryLimit.class.getName());

    private final DeliveryStore deliveries;
    private final int maxDeliveries;

    DeliveryLimit(DeliveryStore deliveries, int maxDeliveries) {
        this.deliveries = deliveries;
        this.maxDeliveries = maxDeliveries;
    }

    /** Counts a redelivery; the reason to park the job when it went over the limit, else null. */
    String countRedelivery(String application, String jobId) {
        int count = deliveries.redelivered(application, jobId) + 1;
        return count <= maxDeliveries
                ? null
                : "handed to a worker " + count + " times without an outcome (roger.max-deliveries=" + maxDeliveries
                        + "): its worker died or its instance stopped each time it ran";
    }

    /**
     * Roger gives the delivery back itself: its redelivery does not count against the limit. Never
     * throws: when the database cannot be reached, that one redelivery counts.
     */
    void returnedByRoger(String application, String messageId) {
        if (messageId == null) {
            return;
        }
        try {
            deliveries.returnedByRoger(application, messageId);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the redelivery of " + messageId + " that Roger returns will count", e);
        }
    }

    /** The redelivered job reached an outcome: its count can go. */
    void forget(String application, String jobId) {
        try {
            deliveries.forget(application, jobId);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the redelivery count of job " + jobId + " is forgotten by the maintenance instead", e);
        }
    }
}
