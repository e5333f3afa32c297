package dev.roger.worker;

import jakarta.enterprise.event.Event;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Fires job events to CDI observers; an observer that throws is logged and never breaks the worker. */
public final class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobEvents.class.getName());
    private final Event<Object> event;

    public JobEvents(Event<Object> event) {
        this.event = event;
    }

    public void fire(Object jobEvent) {
        try {
            event.fire(jobEvent);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + jobEvent.getClass().getSimpleName() + " threw; the job goes on", e);
        }
    }
}
