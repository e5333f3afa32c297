package dev.roger.it.probe;

import dev.roger.api.CurrentJob;
import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.concurrent.TimeUnit;

/** Loops without blocking (a CPU-bound job) until it sees its cancel, for at most a minute. */
@ApplicationScoped
@JobType("spin")
public class SpinJob implements Job<JsonValue> {

    @Inject
    CurrentJob current;

    @Inject
    CurrentJobProbe probe;

    @Override
    public Object perform(JsonValue args) {
        String id = current.id();
        probe.saw(id, Json.createObjectBuilder().add("at", "start").build());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long rounds = 0;
        while (System.nanoTime() < deadline) {
            if (current.isCancelled()) {
                probe.saw(
                        id,
                        Json.createObjectBuilder()
                                .add("at", "cancelled")
                                .add("rounds", rounds)
                                .build());
                return "stopped";
            }
            rounds++;
            Thread.onSpinWait();
        }
        probe.saw(id, Json.createObjectBuilder().add("at", "end").build());
        return "never cancelled";
    }
}
