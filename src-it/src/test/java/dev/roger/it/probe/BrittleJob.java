package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fails a set number of times, then succeeds; not retryable, so a failure is for good until an operator retries it. */
@ApplicationScoped
@JobType("brittle")
public class BrittleJob implements Job<FlakyArgs> {

    @Inject
    Recorder recorder;

    @Override
    public Object perform(FlakyArgs args) {
        int attempt = recorder.attempt(args.key());
        if (attempt <= args.failures()) {
            throw new IllegalStateException("brittle run " + attempt + " breaks on purpose");
        }
        return "held on run " + attempt;
    }
}
