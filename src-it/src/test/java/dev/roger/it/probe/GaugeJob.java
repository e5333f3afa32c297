package dev.roger.it.probe;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counts how many of its group run at once while it sleeps. */
@ApplicationScoped
@JobType("gauge")
public class GaugeJob implements Job<GaugeArgs> {

    @Inject
    Recorder recorder;

    @Override
    public Object perform(GaugeArgs args) throws InterruptedException {
        Recorder.Gauge gauge = recorder.gauge(args.gauge());
        gauge.enter();
        try {
            Thread.sleep(args.millis());
        } finally {
            gauge.leave();
        }
        return "done";
    }

    @Override
    public String queue(GaugeArgs args) {
        return "slow";
    }
}
