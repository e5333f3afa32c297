package dev.roger.api;

import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * A job in a buried queue: it used its last retry and waits for an operator.
 *
 * @param error the error of its last run
 */
public record BuriedJob(String id, String type, JsonValue args, int retryCount, Instant queuedAt, String error,
                        String failedAt) {
}
