package dev.roger.job;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A test data builder of {@link JobMessage}s: a job as an enqueue makes it (a fresh id, type {@code t},
 * args {@code "args"}, no keys, first attempt, queued now), with only what a test cares about changed.
 * {@code AJob.ofType("echo").executionKey("e").build()} reads better than seven arguments by position.
 */
public final class AJob {

    private String id = "job-" + UUID.randomUUID();
    private String type;
    private JsonValue args = Json.createValue("args");
    private String queueKey;
    private String executionKey;
    private int attempt;
    private Instant queuedAt = Instant.now();

    private AJob(String type) {
        this.type = type;
    }

    public static AJob ofType(String type) {
        return new AJob(type);
    }

    public AJob id(String jobId) {
        this.id = jobId;
        return this;
    }

    public AJob args(JsonValue value) {
        this.args = value;
        return this;
    }

    /** The args as a JSON string value. */
    public AJob args(String text) {
        return args(Json.createValue(text));
    }

    public AJob queueKey(String key) {
        this.queueKey = key;
        return this;
    }

    public AJob executionKey(String key) {
        this.executionKey = key;
        return this;
    }

    /** Its retry count: 0 for the first run. */
    public AJob attempt(int retryCount) {
        this.attempt = retryCount;
        return this;
    }

    public AJob queuedAt(Instant at) {
        this.queuedAt = at;
        return this;
    }

    public JobMessage build() {
        return new JobMessage(id, type, args, queueKey, executionKey, attempt, queuedAt);
    }
}
