package dev.roger.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The replies of every live instance to an info request.
 *
 * @param unanswered live instances that did not answer within the timeout
 */
public record ClusterInfo(List<InstanceInfo> instances, List<String> unanswered) {

    /** The latest purge of the queue any instance reported, if any. */
    public Optional<QueuePurge> latestPurge(String application, String queue) {
        return instances.stream()
                .flatMap(instance -> instance.purges().stream())
                .filter(purge ->
                        purge.application().equals(application) && purge.queue().equals(queue))
                .max(Comparator.comparing(QueuePurge::startedAt));
    }
}
