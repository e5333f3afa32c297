package dev.roger.web.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;

/** Reads request bodies with messages that say which part is wrong. */
final class JsonBodies {

    private JsonBodies() {
    }

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("the request body is empty; a JSON object is expected");
        }
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the request body must be a JSON object, not " + value.getValueType());
            }
            return value.asJsonObject();
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
