package dev.roger.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A small HTTP client for Roger's API with Basic credentials. */
public final class Api {

    public static final String USER = "admin";
    public static final String PASSWORD = "it-secret";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String user;
    private final String password;

    /** @param base e.g. {@code http://host:port/roger/} */
    public Api(String base) {
        this(base, USER, PASSWORD);
    }

    private Api(String base, String user, String password) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.user = user;
        this.password = password;
    }

    @Override
    public String toString() {
        return base;
    }

    /** The same API with other credentials. */
    public Api as(String otherUser, String otherPassword) {
        return new Api(base, otherUser, otherPassword);
    }

    public record Reply(int status, String body, String contentType, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonObject json() {
            return (JsonObject) parse(body);
        }

        public JsonArray array() {
            return (JsonArray) parse(body);
        }
    }

    public Reply get(String path) {
        return send(request(path).GET(), true);
    }

    public Reply post(String path, String json) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                true);
    }

    /**
     * Posts with {@code Expect: 100-continue}, as curl does for a large body: the server may answer
     * before the body is sent (a body it refuses by its length is then never sent).
     */
    public Reply postExpectingContinue(String path, String json) {
        return send(
                request(path)
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .expectContinue(true)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                true);
    }

    /** Posts a body of no declared length (sent in chunks, without Content-Length), as a streaming client does. */
    public Reply postStreamed(String path, java.util.function.Supplier<java.io.InputStream> body) {
        return send(
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(body)),
                true);
    }

    public Reply put(String path, String json) {
        return send(
                request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)),
                true);
    }

    public Reply delete(String path) {
        return send(request(path).DELETE(), true);
    }

    public Reply anonymous(String method, String path, String json) {
        HttpRequest.Builder request = request(path)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request, false);
    }

    public Reply withCredentials(String user, String password, String path) {
        return send(request(path).header("Authorization", basic(user, password)).GET(), false);
    }

    /** The instance's readiness (MicroProfile Health at the server's root), as a load balancer would ask it. */
    public Reply readiness() {
        return new Api(base.replaceAll("/roger/$", "/")).anonymous("GET", "health/ready", null);
    }

    /** Enqueues through the REST API and returns the job id. */
    public String enqueue(String application, String type, String argsJson) {
        Reply reply = post(
                "api/applications/" + application + "/jobs", "{\"type\":\"" + type + "\",\"args\":" + argsJson + "}");
        if (reply.status() != 201) {
            throw new AssertionError("enqueue of " + type + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json().getString("id");
    }

    /** Enqueues {@code count} jobs of one type in one bulk request and returns their ids. */
    public List<String> enqueueAll(String application, String type, String argsJson, int count) {
        String job = "{\"type\":\"" + type + "\",\"args\":" + argsJson + "}";
        Reply reply = post(
                "api/applications/" + application + "/jobs",
                Stream.generate(() -> job).limit(count).collect(Collectors.joining(",", "[", "]")));
        if (reply.status() != 200) {
            throw new AssertionError("bulk enqueue of " + type + " answered " + reply.status() + ": " + reply.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonObject result : reply.array().getValuesAs(JsonObject.class)) {
            if (!result.containsKey("id")) {
                throw new AssertionError("a job of the bulk enqueue was refused: " + reply.body());
            }
            ids.add(result.getString("id"));
        }
        return ids;
    }

    /** The events the probe recorded for a job, oldest first. */
    public List<JsonObject> events(String jobId) {
        return get("api/probe/events/" + jobId).array().getValuesAs(JsonObject.class);
    }

    public boolean hasEvent(String jobId, String kind) {
        return events(jobId).stream().anyMatch(e -> e.getString("kind").equals(kind));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
    }

    private Reply send(HttpRequest.Builder request, boolean authenticate) {
        if (authenticate) {
            request.header("Authorization", basic(user, password));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static JsonStructure parse(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }
}
