package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/** A poison job: after {@code millis} it stops its JVM at once, as a crash (or kill -9) would, every time it runs. */
@ApplicationScoped
@JobType("halt")
public class HaltJob implements Job<JsonObject> {

    @Override
    public Object perform(JsonObject args) throws InterruptedException {
        JsonNumber millis = args.getJsonNumber("millis");
        Thread.sleep(millis == null ? 0 : millis.longValue());
        Runtime.getRuntime().halt(137);
        return "never";
    }
}
