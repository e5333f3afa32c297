package dev.roger.web.api;

import dev.roger.api.EnqueueOptions;
import dev.roger.api.EnqueueResult;
import dev.roger.api.JobRequest;
import dev.roger.api.RogerService;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Jobs in a request body, one or many; a malformed job of many fails alone, like a refused one. */
final class BulkJobs {

    /** Bounds one request's memory and its wait for confirms. */
    static final int MAX_JOBS = 10_000;

    private BulkJobs() {}

    static JobRequest request(JsonObject job) {
        String type = JsonBodies.string(job, "type", true);
        String queue = JsonBodies.string(job, "queue", false);
        EnqueueOptions options =
                JobTimes.apply(EnqueueOptions.onQueue(queue), JsonBodies.string(job, "at", false), delay(job));
        return new JobRequest(type, job.getOrDefault("args", JsonValue.EMPTY_JSON_OBJECT), options);
    }

    /** {@code "delay"}: seconds as a number, or a string (seconds or an ISO-8601 duration). */
    static String delay(JsonObject job) {
        JsonValue value = job.get("delay");
        if (value instanceof JsonNumber number) {
            return number.toString();
        }
        return JsonBodies.string(job, "delay", false);
    }

    /** One {@code {"id": ...}} or one problem per job, in the order of {@code jobs}. */
    static JsonArray enqueue(RogerService roger, String application, JsonArray jobs) {
        List<JobRequest> requests = new ArrayList<>(jobs.size());
        List<JsonObject> malformed = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            JsonValue job = jobs.get(i);
            try {
                if (!(job instanceof JsonObject object)) {
                    throw new IllegalArgumentException(
                            "job " + i + " must be a JSON object, not " + job.getValueType());
                }
                requests.add(request(object));
                malformed.add(null);
            } catch (IllegalArgumentException e) {
                malformed.add(Problem.body(Response.Status.BAD_REQUEST, e.getMessage(), null));
            }
        }
        Iterator<EnqueueResult> results =
                roger.enqueueAll(application, requests).iterator();
        JsonArrayBuilder answer = JsonBodies.JSON.createArrayBuilder();
        for (JsonObject problem : malformed) {
            if (problem != null) {
                answer.add(problem);
                continue;
            }
            EnqueueResult result = results.next();
            answer.add(
                    result.isEnqueued()
                            ? JsonBodies.JSON
                                    .createObjectBuilder()
                                    .add("id", result.jobId())
                                    .build()
                            : RogerExceptionMapper.problem(result.error()));
        }
        return answer.build();
    }
}
