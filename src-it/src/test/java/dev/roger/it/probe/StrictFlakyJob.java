package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Like {@link KeyedFlakyJob}, but a job waiting for its retry keeps its place in its execution key's line. */
@ApplicationScoped
@JobType("strict-flaky")
public class StrictFlakyJob implements Job<KeyedArgs> {

    @Inject
    KeyedFlakyJob flaky;

    @Override
    public Object perform(KeyedArgs args) {
        return flaky.perform(args);
    }

    @Override
    public String executionKey(KeyedArgs args) {
        return args.executionKey();
    }

    @Override
    public boolean retryable() {
        return true;
    }

    @Override
    public boolean strictOrder() {
        return true;
    }
}
