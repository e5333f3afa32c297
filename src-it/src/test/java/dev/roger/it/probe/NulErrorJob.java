package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

/** Fails for good with an error that holds a NUL character, which PostgreSQL refuses in text. */
@ApplicationScoped
@JobType("nul-error")
public class NulErrorJob implements Job<JsonValue> {

    @Override
    public Object perform(JsonValue args) {
        throw new IllegalArgumentException("read a NUL \u0000 here");
    }
}
