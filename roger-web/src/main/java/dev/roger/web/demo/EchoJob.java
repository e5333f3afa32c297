package dev.roger.web.demo;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;

/** Demo: returns its arguments. */
@ApplicationScoped
@JobType("echo")
public class EchoJob implements Job<JsonValue> {

    @Override
    public Object perform(JsonValue args) {
        return args;
    }
}
