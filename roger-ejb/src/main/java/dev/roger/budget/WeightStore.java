package dev.roger.budget;

import java.util.Map;

/**
 * Applications' weights set at run time on an instance, so they come back after a restart as the
 * application's queues do; a weight set this way outlasts {@code roger.weights} for its application.
 */
public interface WeightStore {

    void save(String instance, String application, int weight);

    /** Application name to weight, as set at run time on this instance. */
    Map<String, Integer> of(String instance);
}
