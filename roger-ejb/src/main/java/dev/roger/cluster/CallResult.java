package dev.roger.cluster;

import java.util.List;
import java.util.Map;

/**
 * The replies to a {@link Bus#call}.
 *
 * @param replies instance name to its reply (JSON)
 * @param unanswered the instances expected to answer that did not within the timeout
 */
record CallResult(Map<String, String> replies, List<String> unanswered) {}
