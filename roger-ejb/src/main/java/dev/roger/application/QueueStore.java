package dev.roger.application;

import java.util.Set;

/**
 * Every queue some instance has ever consumed, per application: what the cluster knows, so an
 * instance that only produces for an application can still check an enqueue's queue.
 */
public interface QueueStore {

    void declared(String application, String queue);

    /** The application's queues; empty when no instance of the cluster ever started it. */
    Set<String> of(String application);
}
