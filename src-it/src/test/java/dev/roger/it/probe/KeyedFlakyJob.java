package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fails a set number of times, then succeeds; retryable, one at a time per execution key. */
@ApplicationScoped
@JobType("keyed-flaky")
public class KeyedFlakyJob implements Job<KeyedArgs> {

    @Inject
    Recorder recorder;

    @Override
    public Object perform(KeyedArgs args) {
        int attempt = recorder.attempt(args.key());
        if (attempt <= args.failures()) {
            throw new IllegalStateException("attempt " + attempt + " fails on purpose");
        }
        return "succeeded on attempt " + attempt;
    }

    @Override
    public String queueKey(KeyedArgs args) {
        return args.queueKey();
    }

    @Override
    public String executionKey(KeyedArgs args) {
        return args.executionKey();
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
