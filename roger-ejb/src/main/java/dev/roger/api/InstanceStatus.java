package dev.roger.api;

import java.time.Instant;

/** An instance known to the cluster, with its last heartbeat. */
public record InstanceStatus(String name, Instant startedAt, Instant lastHeartbeat, boolean alive) {}
