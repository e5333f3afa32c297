package dev.roger.api;

import java.time.Instant;

/** A job running now, and where. */
public record RunningJobInfo(
        String id, String application, String queue, String type, Instant startedAt, String instance) {}
