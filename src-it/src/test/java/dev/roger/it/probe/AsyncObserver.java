package dev.roger.it.probe;

import dev.roger.api.AfterRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** An asynchronous observer: Roger must deliver its events to it too. */
@ApplicationScoped
public class AsyncObserver {

    @Inject
    Recorder recorder;

    void afterRun(@ObservesAsync AfterRun event) {
        recorder.recordAsync(event.job().id(), String.valueOf(event.result()));
    }
}
