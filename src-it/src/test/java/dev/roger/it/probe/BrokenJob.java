package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

/** Always fails, and is not retryable: it fails for good at once. */
@ApplicationScoped
@JobType("broken")
public class BrokenJob implements Job<JsonValue> {

    @Override
    public Object perform(JsonValue args) {
        throw new IllegalArgumentException("broken on purpose");
    }
}
