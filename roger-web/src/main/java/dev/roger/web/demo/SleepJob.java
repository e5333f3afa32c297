package dev.roger.web.demo;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;

/** Demo: sleeps {@code millis} and returns how long it slept. */
@ApplicationScoped
@JobType("sleep")
public class SleepJob implements Job<SleepArgs> {

    @Override
    public Object perform(SleepArgs args) throws InterruptedException {
        Thread.sleep(args.millis());
        return args.millis();
    }

    @Override
    public String queueKey(SleepArgs args) {
        return args.queueKey();
    }

    @Override
    public String executionKey(SleepArgs args) {
        return args.executionKey();
    }
}
