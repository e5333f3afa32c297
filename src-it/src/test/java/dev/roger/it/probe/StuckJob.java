package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Optional;

/** Would sleep a minute, but may run for half a second only. */
@ApplicationScoped
@JobType("stuck")
public class StuckJob implements Job<JsonValue> {

    @Override
    public Object perform(JsonValue args) throws InterruptedException {
        Thread.sleep(60_000);
        return "never";
    }

    @Override
    public Optional<Duration> maxExecutionTime() {
        return Optional.of(Duration.ofMillis(500));
    }
}
