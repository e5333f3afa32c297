package dev.roger.web.demo;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

/** Demo: always throws; retryable, so it walks the retry levels and ends buried. */
@ApplicationScoped
@JobType("fail")
public class FailJob implements Job<JsonValue> {

    @Override
    public Object perform(JsonValue args) {
        throw new IllegalStateException("the fail demo job fails on purpose");
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
