package dev.roger.job;

import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * What travels in a job's AMQP message body, as JSON.
 *
 * @param args the arguments as JSON, decoded into the job type's argument type on the worker
 * @param queueKey null when the job has none
 * @param executionKey null when the job has none
 */
public record JobMessage(
        String id,
        String type,
        JsonValue args,
        String queueKey,
        String executionKey,
        int retryCount,
        Instant queuedAt) {

    public JobMessage withRetryCount(int retryCount) {
        return new JobMessage(id, type, args, queueKey, executionKey, retryCount, queuedAt);
    }
}
