package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fails a set number of times, then succeeds; retryable. */
@ApplicationScoped
@JobType("flaky")
public class FlakyJob implements Job<FlakyArgs> {

    @Inject
    Recorder recorder;

    @Override
    public Object perform(FlakyArgs args) {
        int attempt = recorder.attempt(args.key());
        if (attempt <= args.failures()) {
            throw new IllegalStateException("attempt " + attempt + " fails on purpose");
        }
        return "succeeded on attempt " + attempt;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
