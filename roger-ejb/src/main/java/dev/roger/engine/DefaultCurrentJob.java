package dev.roger.engine;

import dev.roger.api.CurrentJob;
import dev.roger.worker.CurrentRuns;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The injectable {@link CurrentJob}: one bean for every job type of any scope, each call answered for
 * the run on the calling thread (the worker's {@link CurrentRuns}, from the composition root).
 */
@ApplicationScoped
public class DefaultCurrentJob implements CurrentJob {

    @Inject
    RogerEngine engine;

    private CurrentRuns runs;

    @PostConstruct
    void init() {
        runs = engine.roger().currentRuns();
    }

    @Override
    public String id() {
        return runs.current().id();
    }

    @Override
    public String application() {
        return runs.current().application();
    }

    @Override
    public String queue() {
        return runs.current().queue();
    }

    @Override
    public int attempt() {
        return runs.current().attempt();
    }

    @Override
    public Instant enqueuedAt() {
        return runs.current().enqueuedAt();
    }

    @Override
    public boolean isCancelled() {
        return runs.current().isCancelled();
    }

    @Override
    public void progress(int percent, String message) {
        runs.current().progress(percent, message);
    }
}
