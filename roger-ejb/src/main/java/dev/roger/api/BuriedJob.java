package dev.roger.api;

import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * A buried job: it used its last retry and waits in the shared database for an operator.
 *
 * @param error the error of its last run
 */
public record BuriedJob(
        String id, String type, JsonValue args, int retryCount, Instant queuedAt, String error, String failedAt) {}
