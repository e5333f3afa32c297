package dev.roger.it.probe;

import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import dev.roger.api.JobBuried;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobFailed;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Deployed with the tests: records every job event, so tests can read them over HTTP. */
@ApplicationScoped
public class Recorder {

    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    /** How many jobs of a group run at once, and the most that ever did. */
    public static final class Gauge {
        final AtomicInteger current = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        void enter() {
            int now = current.incrementAndGet();
            max.accumulateAndGet(now, Math::max);
        }

        void leave() {
            current.decrementAndGet();
        }
    }

    void beforeRun(@Observes @Priority(1) BeforeRun event) {
        event.job().data().put("probe", "set-before-run");
        record(event.job().id(), base("before", event.job()));
    }

    void afterRun(@Observes AfterRun event) {
        record(
                event.job().id(),
                base("after", event.job())
                        .add("result", Json.createValue(String.valueOf(event.result())))
                        .add("data", String.valueOf(event.job().data().get("probe"))));
    }

    void failed(@Observes JobFailed event) {
        record(
                event.job().id(),
                base("failed", event.job())
                        .add(
                                "error",
                                event.error().getClass().getSimpleName() + ": "
                                        + event.error().getMessage())
                        .add("willRetry", event.willRetry())
                        .add("data", String.valueOf(event.job().data().get("probe"))));
    }

    void buried(@Observes JobBuried event) {
        record(
                event.job().id(),
                base("buried", event.job())
                        .add(
                                "error",
                                event.error().getClass().getSimpleName() + ": "
                                        + event.error().getMessage())
                        .add("queue", event.buriedQueue()));
    }

    void cancelled(@Observes JobCancelled event) {
        record(event.job().id(), base("cancelled", event.job()));
    }

    /** Recorded by {@link ThrowingObserver} as it throws. */
    public void observerThrew(dev.roger.api.JobContext job, String event, RuntimeException thrown) {
        record(
                job.id(),
                base("observer-threw", job)
                        .add("event", event)
                        .add("error", thrown.getClass().getSimpleName() + ": " + thrown.getMessage()));
    }

    private static JsonObjectBuilder base(String kind, dev.roger.api.JobContext job) {
        return Json.createObjectBuilder()
                .add("kind", kind)
                .add("application", job.application())
                .add("queue", job.queue())
                .add("type", job.type())
                .add("retryCount", job.retryCount())
                .add("queuedAt", job.queuedAt().toString())
                .add("startedAt", job.startedAt().toString())
                .add("thread", Thread.currentThread().getName());
    }

    private void record(String jobId, JsonObjectBuilder event) {
        events.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>())
                .add(event.add("at", System.currentTimeMillis()).build());
    }

    /** An asynchronous observer's event: kind "async-after", with the thread it ran on. */
    public void recordAsync(String jobId, String result) {
        record(
                jobId,
                Json.createObjectBuilder()
                        .add("kind", "async-after")
                        .add("result", result)
                        .add("thread", Thread.currentThread().getName()));
    }

    public JsonValue eventsOf(String jobId) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        events.getOrDefault(jobId, List.of()).forEach(array::add);
        return array.build();
    }

    /** Every recorded event, as {"jobId": [events]}. */
    public JsonObject all() {
        jakarta.json.JsonObjectBuilder all = Json.createObjectBuilder();
        events.forEach((id, list) -> {
            JsonArrayBuilder array = Json.createArrayBuilder();
            list.forEach(array::add);
            all.add(id, array);
        });
        return all.build();
    }

    public int attempt(String key) {
        return attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public Gauge gauge(String name) {
        return gauges.computeIfAbsent(name, n -> new Gauge());
    }

    public JsonObject gaugeJson(String name) {
        Gauge gauge = gauge(name);
        return Json.createObjectBuilder()
                .add("current", gauge.current.get())
                .add("max", gauge.max.get())
                .build();
    }
}
