package dev.roger.cluster;

import java.time.Instant;

/** An instance as the shared state knows it. */
public record InstanceRecord(String name, Instant startedAt, Instant heartbeatAt) {}
