package dev.roger.it.probe;

import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;

/** An observer that throws for jobs whose args ask it to: the worker must carry on. */
@ApplicationScoped
public class ThrowingObserver {

    void beforeRun(@Observes @Priority(100) BeforeRun event) {
        throwIfAsked(event.job().args());
    }

    void afterRun(@Observes @Priority(1) AfterRun event) {
        throwIfAsked(event.job().args());
    }

    private static void throwIfAsked(Object args) {
        if (args instanceof JsonObject json && json.getBoolean("throwInObserver", false)) {
            throw new IllegalStateException("an observer that throws on purpose");
        }
    }
}
