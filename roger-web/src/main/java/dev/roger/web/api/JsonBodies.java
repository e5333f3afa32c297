package dev.roger.web.api;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** Reads request bodies with messages that say which part is wrong. */
final class JsonBodies {

    /**
     * Looked up once: {@code Json.createX} looks the provider up on every call, a class-path scan in a
     * server that took two thirds of a REST enqueue's time.
     */
    static final JsonProvider JSON = JsonProvider.provider();

    private JsonBodies() {}

    static JsonObject object(String body) {
        JsonValue value = value(body, "a JSON object");
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("the request body must be a JSON object, not " + value.getValueType());
        }
        return value.asJsonObject();
    }

    static JsonValue value(String body, String expected) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request body is empty; " + expected + " is expected");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("the request body is not valid JSON: " + e.getMessage());
        }
    }

    static String string(JsonObject json, String field, boolean required) {
        JsonValue value = json.get(field);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw new IllegalArgumentException("field '" + field + "' is required");
            }
            return null;
        }
        if (!(value instanceof JsonString text) || text.getString().isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' must be a non-empty string");
        }
        return text.getString();
    }
}
