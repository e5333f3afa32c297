package dev.roger.it.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** What the current-job probes saw of their runs, and the gates the test opens for them. */
@ApplicationScoped
public class CurrentJobProbe {

    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    private final Map<String, List<JsonObject>> seen = new ConcurrentHashMap<>();

    private Semaphore gate(String name) {
        return gates.computeIfAbsent(name, n -> new Semaphore(0));
    }

    /** Lets one waiting step of the gate's job go on. */
    public void open(String gate) {
        gate(gate).release();
    }

    /** Waits until the test opens the gate; false after a minute (the job then fails). */
    boolean await(String gate) throws InterruptedException {
        return gate(gate).tryAcquire(60, TimeUnit.SECONDS);
    }

    /** Adds what a job saw, under the id it was enqueued with (the test's key), in order. */
    void saw(String jobId, JsonObject what) {
        seen.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(what);
    }

    public JsonObject seenBy(String jobId) {
        JsonArrayBuilder all = Json.createArrayBuilder();
        seen.getOrDefault(jobId, List.of()).forEach(all::add);
        return Json.createObjectBuilder().add("seen", all).build();
    }
}
