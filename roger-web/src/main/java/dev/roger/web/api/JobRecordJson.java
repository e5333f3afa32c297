package dev.roger.web.api;

import dev.roger.api.JobRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/** A job record as the API shows it. */
final class JobRecordJson {

    private JobRecordJson() {}

    static void checkState(String state) {
        if (state != null && !JobRecord.STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + JobRecord.STATES + ", not '" + state + "'");
        }
    }

    static JsonObject of(JobRecord record) {
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder().add("id", record.id());
        text(json, "application", record.application());
        text(json, "queue", record.queue());
        text(json, "type", record.type());
        json.add("state", record.state());
        instant(json, "enqueuedAt", record.enqueuedAt());
        instant(json, "dueAt", record.dueAt());
        instant(json, "startedAt", record.startedAt());
        instant(json, "finishedAt", record.finishedAt());
        json.add("attempt", record.attempt());
        text(json, "instance", record.instance());
        text(json, "lastError", record.lastError());
        text(json, "errorStack", record.errorStack());
        json(json, "result", record.result());
        json(json, "args", record.args());
        if (record.progress() >= 0) {
            json.add("progress", record.progress());
        } else {
            json.addNull("progress");
        }
        text(json, "progressMessage", record.progressMessage());
        instant(json, "updatedAt", record.updatedAt());
        return json.build();
    }

    private static void json(JsonObjectBuilder json, String field, String value) {
        if (value == null) {
            json.addNull(field);
            return;
        }
        try {
            json.add(field, JsonBodies.value(value, "JSON"));
        } catch (IllegalArgumentException e) {
            json.add(field, JsonValue.NULL);
        }
    }

    private static void instant(JsonObjectBuilder json, String field, Instant value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value.toString());
        }
    }

    private static void text(JsonObjectBuilder json, String field, String value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value);
        }
    }
}
