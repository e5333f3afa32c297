package dev.roger.api;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a job, as its events see it.
 *
 * @param args the decoded arguments
 * @param retryCount how many times the job was retried before this run
 * @param data shared by every event of this run: what a {@link BeforeRun} observer puts here the
 *             later events of the same run see
 */
public record JobContext(
        String application,
        String queue,
        String id,
        String type,
        Object args,
        int retryCount,
        Instant queuedAt,
        Instant startedAt,
        Map<String, Object> data) {}
