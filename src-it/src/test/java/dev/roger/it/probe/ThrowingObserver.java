package dev.roger.it.probe;

import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import dev.roger.api.JobContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

/**
 * An observer that throws for jobs whose args ask it to: the worker must carry on. Each time it throws
 * it first records an {@code observer-threw} event, so a test can tell that it ran and threw.
 */
@ApplicationScoped
public class ThrowingObserver {

    @Inject
    Recorder recorder;

    /** After the recorder's before-run observer (priority 1). */
    void beforeRun(@Observes @Priority(100) BeforeRun event) {
        throwIfAsked(event.job(), "BeforeRun");
    }

    /** Before the recorder's after-run observer (default priority), which must still see the event. */
    void afterRun(@Observes @Priority(1) AfterRun event) {
        throwIfAsked(event.job(), "AfterRun");
    }

    private void throwIfAsked(JobContext job, String event) {
        if (job.args() instanceof JsonObject json && json.getBoolean("throwInObserver", false)) {
            IllegalStateException thrown =
                    new IllegalStateException("an observer of " + event + " that throws on purpose");
            recorder.observerThrew(job, event, thrown);
            throw thrown;
        }
    }
}
