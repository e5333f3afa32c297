package dev.roger.bench;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Does nothing but note how late it started after the time it was scheduled for. */
@ApplicationScoped
@JobType("late")
public class LateJob implements Job<LateArgs> {

    @Inject
    BenchRecorder recorder;

    @Override
    public Object perform(LateArgs args) {
        recorder.started((System.currentTimeMillis() - args.dueAtMillis()) * 1_000_000L);
        return null;
    }
}
