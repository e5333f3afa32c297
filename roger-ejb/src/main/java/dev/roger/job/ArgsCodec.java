package dev.roger.job;

import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.lang.reflect.Type;

/** Converts job arguments between Java values and JSON with JSON-B. */
public final class ArgsCodec implements AutoCloseable {

    private final Jsonb jsonb = JsonbBuilder.create();
    /** Looked up once: {@code Json.createReader} looks the provider up on every call, a class-path scan in a server. */
    private final JsonProvider json = JsonProvider.provider();

    /** The JSON of {@code args}; a {@link JsonValue} is taken as it is. */
    public JsonValue toJson(Object args) throws IllegalArgumentException {
        if (args instanceof JsonValue json) {
            return json;
        }
        try (JsonReader reader = json.createReader(new StringReader(jsonb.toJson(args)))) {
            return reader.readValue();
        } catch (JsonbException | JsonException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** Reads JSON into the job type's argument type. */
    public Object fromJson(JsonValue json, Type type) throws IllegalArgumentException {
        // jobs that take JSON (or Object) get it as it is; a JsonObject is also a Map, but Map jobs want plain values
        if (type instanceof Class<?> cls
                && cls.isInstance(json)
                && (cls == Object.class || JsonValue.class.isAssignableFrom(cls))) {
            return json;
        }
        try {
            return jsonb.fromJson(json.toString(), type);
        } catch (JsonbException | JsonException e) {
            throw new IllegalArgumentException("cannot be read as " + type.getTypeName() + ": " + rootMessage(e), e);
        }
    }

    /** JSON-B wraps the useful message (say, a record constructor's check) in its own. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }

    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing held that outlives the deployment
        }
    }
}
