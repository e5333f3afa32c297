package dev.roger.engine;

import dev.roger.recurring.FireEnqueuer;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Recurring jobs' fires go through the enqueue's checks and publish. */
final class RecurringEnqueue implements FireEnqueuer {

    private final Enqueuer enqueuer;

    RecurringEnqueue(Enqueuer enqueuer) {
        this.enqueuer = enqueuer;
    }

    @Override
    public String check(String application, String jobType, Object args) {
        return enqueuer.check(application, jobType, args, null).job().args().toString();
    }

    @Override
    public void enqueue(String application, String jobType, String args, String jobId, String executionKey) {
        JsonValue json;
        try (var reader = Json.createReader(new StringReader(args))) {
            json = reader.readValue();
        }
        enqueuer.enqueueFire(application, jobType, json, jobId, executionKey);
    }
}
