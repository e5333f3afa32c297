package dev.roger.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The replies of every live instance to an info request.
 *
 * @param unanswered live instances that did not answer within the timeout
 * @param problems what kept this view from being whole (the broker or the shared database away), in
 *                 words for an operator; empty when every live instance was asked
 */
public record ClusterInfo(List<InstanceInfo> instances, List<String> unanswered, List<String> problems) {

    public ClusterInfo {
        instances = List.copyOf(instances);
        unanswered = List.copyOf(unanswered);
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public ClusterInfo(List<InstanceInfo> instances, List<String> unanswered) {
        this(instances, unanswered, List.of());
    }

    /** The latest purge of the queue any instance reported, if any. */
    public Optional<QueuePurge> latestPurge(String application, String queue) {
        return instances.stream()
                .flatMap(instance -> instance.purges().stream())
                .filter(purge ->
                        purge.application().equals(application) && purge.queue().equals(queue))
                .max(Comparator.comparing(QueuePurge::startedAt));
    }
}
