package dev.roger.api;

import java.util.List;

/**
 * An application as seen by this instance.
 *
 * @param state {@code running}, or {@code waiting} while the broker cannot be reached
 * @param rateLimit the application's rate limit over all its queues, cluster-wide; {@code null} when it has none
 */
public record ApplicationInfo(String name, String state, List<QueueInfo> queues, String rateLimit) {}
