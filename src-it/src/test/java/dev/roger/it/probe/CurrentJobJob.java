package dev.roger.it.probe;

import dev.roger.api.CurrentJob;
import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * An application-scoped job that reads its run through {@link CurrentJob} and reports progress step by
 * step, waiting at its gate after each step until the test opens it; it records what it saw at its
 * start and at its end, under the id it read.
 */
@ApplicationScoped
@JobType("current-job")
public class CurrentJobJob implements Job<CurrentJobArgs> {

    @Inject
    CurrentJob current;

    @Inject
    CurrentJobProbe probe;

    @Override
    public Object perform(CurrentJobArgs args) throws InterruptedException {
        String id = current.id();
        probe.saw(
                id,
                Json.createObjectBuilder()
                        .add("at", "start")
                        .add("id", id)
                        .add("application", current.application())
                        .add("queue", current.queue())
                        .add("attempt", current.attempt())
                        .add("enqueuedAt", current.enqueuedAt().toString())
                        .add("thread", Thread.currentThread().getName())
                        .build());
        for (int step = 0; step < args.steps(); step++) {
            current.progress(step * 100 / args.steps(), "step " + (step + 1) + " of " + args.steps());
            if (!probe.await(args.gate())) {
                throw new IllegalStateException("the test never opened gate " + args.gate());
            }
        }
        probe.saw(
                id,
                Json.createObjectBuilder()
                        .add("at", "end")
                        .add("id", current.id())
                        .build());
        if (current.attempt() < args.failedRuns()) {
            throw new IllegalStateException("run " + current.attempt() + " fails, as told");
        }
        return "done";
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
