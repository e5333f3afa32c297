package dev.roger.job;

import com.rabbitmq.client.AMQP;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;

/** Writes and reads job messages as JSON (never Java serialization) with their AMQP properties. */
public final class JobCodec {

    public static final String CONTENT_TYPE = "application/json";
    private static final int PERSISTENT = 2;

    /** Looked up once: {@code Json.createX} looks the provider up on every call, a class-path scan in a server. */
    private final JsonProvider json = JsonProvider.provider();

    public byte[] encode(JobMessage job) {
        JsonObjectBuilder body = json.createObjectBuilder()
                .add("id", job.id())
                .add("type", job.type())
                .add("args", job.args())
                .add("retryCount", job.retryCount())
                .add("queuedAt", job.queuedAt().toString());
        if (job.queueKey() != null) {
            body.add("queueKey", job.queueKey());
        }
        if (job.executionKey() != null) {
            body.add("executionKey", job.executionKey());
        }
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    public AMQP.BasicProperties properties(JobMessage job, String application) {
        return new AMQP.BasicProperties.Builder()
                .deliveryMode(PERSISTENT)
                .contentType(CONTENT_TYPE)
                .contentEncoding("utf-8")
                .messageId(job.id())
                .appId(application)
                .type(job.type())
                .timestamp(Date.from(job.queuedAt()))
                .build();
    }

    public JobMessage decode(byte[] body) throws InvalidMessageException {
        JsonObject object;
        // from a String: over an InputStream Parsson detects the charset and decodes through a new 8 KB buffer
        try (JsonReader reader = json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8)))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidMessageException("the body is JSON but not an object");
            }
            object = value.asJsonObject();
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidMessageException("the body is not JSON: " + e.getMessage());
        }
        String id = requiredString(object, "id");
        String type = requiredString(object, "type");
        if (!object.containsKey("args")) {
            throw new InvalidMessageException("field 'args' is missing");
        }
        return new JobMessage(
                id,
                type,
                object.get("args"),
                optionalString(object, "queueKey"),
                optionalString(object, "executionKey"),
                retryCount(object),
                queuedAt(object));
    }

    private static String requiredString(JsonObject json, String field) throws InvalidMessageException {
        String value = optionalString(json, field);
        if (value == null || value.isBlank()) {
            throw new InvalidMessageException("field '" + field + "' is missing or empty");
        }
        return value;
    }

    private static String optionalString(JsonObject json, String field) throws InvalidMessageException {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new InvalidMessageException("field '" + field + "' must be a string, not " + value);
        }
        return string.getString();
    }

    private static int retryCount(JsonObject json) throws InvalidMessageException {
        JsonValue value = json.get("retryCount");
        if (value == null || value == JsonValue.NULL) {
            return 0;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.intValue() < 0) {
            throw new InvalidMessageException("field 'retryCount' must be a whole number of 0 or more, not " + value);
        }
        return number.intValue();
    }

    private static Instant queuedAt(JsonObject json) throws InvalidMessageException {
        String text = optionalString(json, "queuedAt");
        if (text == null) {
            return Instant.now();
        }
        try {
            return QueuedAtText.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidMessageException("field 'queuedAt' must be an ISO-8601 instant, not '" + text + "'");
        }
    }
}
