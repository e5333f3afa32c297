package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** Keeps its args' {@code password} out of its record: the record's args say {@code "***"} instead. */
@ApplicationScoped
@JobType("redacting")
public class RedactingJob implements Job<JsonObject> {

    @Override
    public Object perform(JsonObject args) {
        return null;
    }

    @Override
    public Object recordedArgs(JsonObject args) {
        return Json.createObjectBuilder(args).add("password", "***").build();
    }
}
