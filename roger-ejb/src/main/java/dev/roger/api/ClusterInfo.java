package dev.roger.api;

import java.util.List;

/**
 * The replies of every live instance to an info request.
 *
 * @param unanswered live instances that did not answer within the timeout
 */
public record ClusterInfo(List<InstanceInfo> instances, List<String> unanswered) {}
