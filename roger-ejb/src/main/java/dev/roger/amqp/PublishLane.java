package dev.roger.amqp;

/**
 * The confirm-mode channels Roger publishes on, one each, so a slow or refused publish on one (a due
 * job too large for the broker tears its channel down) fails nothing in flight on another. The bus has
 * a channel of its own besides these.
 */
public enum PublishLane {
    /** Enqueues, operators' requeues, and the worker's routing (delays, republished keys). */
    JOBS,
    /** Due scheduled jobs and retries, published by the claimer. */
    DUE
}
