package dev.roger.api;

import jakarta.json.JsonValue;
import java.time.Instant;

/** A job waiting in a queue, as a peek shows it. */
public record QueuedJob(String id, String type, JsonValue args, int retryCount, Instant queuedAt) {}
