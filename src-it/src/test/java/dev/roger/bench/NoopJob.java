package dev.roger.bench;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Does nothing but count, and note how long it waited from enqueue to start. */
@ApplicationScoped
@JobType("noop")
public class NoopJob implements Job<NoopArgs> {

    @Inject
    BenchRecorder recorder;

    @Override
    public Object perform(NoopArgs args) {
        recorder.started(System.nanoTime() - args.enqueuedAtNanos());
        return null;
    }
}
