package dev.roger.bench;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs for its millis, counted by {@link NoisyRecorder}: how many run at once, how long a quiet one waited. */
@ApplicationScoped
@JobType("noisy")
public class NoisyJob implements Job<NoisyArgs> {

    @Inject
    NoisyRecorder recorder;

    @Override
    public Object perform(NoisyArgs args) throws InterruptedException {
        long start = System.nanoTime();
        recorder.started(args.quiet(), start - args.enqueuedAtNanos());
        try {
            Thread.sleep(args.millis());
        } finally {
            recorder.ended(args.quiet(), System.nanoTime() - start);
        }
        return null;
    }
}
