package dev.roger.worker;

import dev.roger.amqp.QueueNames;
import dev.roger.api.AfterRun;
import dev.roger.api.BeforeRun;
import dev.roger.api.JobBuried;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobContext;
import dev.roger.api.JobFailed;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobListener;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers job events to the CDI observers. Synchronous observers are called one by one, in priority
 * order, on the worker's thread, each on its own so that one that throws is logged and neither breaks
 * the worker nor keeps the event from the observers after it (a plain {@code Event.fire} stops at the
 * first exception). {@code @ObservesAsync} observers get the event through {@code fireAsync}, on the
 * container's threads: the job does not wait for them, and what they throw is logged.
 */
public final class JobEvents implements JobListener {

    private static final Logger LOG = Logger.getLogger(JobEvents.class.getName());
    private final BeanManager beanManager;
    /** The observers of each event type, resolved once: they are fixed when the deployment starts. */
    private final Map<Class<?>, Observers> observersByType = new ConcurrentHashMap<>();

    private record Observers(List<ObserverMethod<? super Object>> synchronous, boolean anyAsync) {}

    public JobEvents(BeanManager beanManager) {
        this.beanManager = beanManager;
    }

    /**
     * The event of a change that has one: {@link BeforeRun} as a run starts (on its thread, before
     * {@code perform}), {@link AfterRun}, {@link JobFailed}, {@link JobBuried} and {@link JobCancelled}
     * as it ends. A change without a run's context (a job enqueued, or waiting for its key) has none.
     */
    @Override
    public void changed(JobChange change) {
        JobContext run = change.detail().run();
        if (run == null) {
            return;
        }
        Instant at = change.endedAt() != null ? change.endedAt() : Instant.now();
        switch (change.to()) {
            case RUNNING -> fire(new BeforeRun(run));
            case SUCCEEDED -> fire(new AfterRun(run, change.detail().result(), at));
            case FAILED -> fire(new JobFailed(run, change.error(), false, at));
            case RETRYING -> fire(new JobFailed(run, change.error(), true, at));
            case BURIED ->
                fire(new JobBuried(run, change.error(), QueueNames.buried(change.application(), change.queue()), at));
            case CANCELLED -> {
                if (change.detail().announced()) {
                    fire(new JobCancelled(run, at));
                }
            }
            default -> {}
        }
    }

    public void fire(Object jobEvent) {
        Observers observers = observersByType.computeIfAbsent(jobEvent.getClass(), type -> resolve(jobEvent));
        for (ObserverMethod<? super Object> observer : observers.synchronous()) {
            try {
                observer.notify(jobEvent);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "an observer of " + jobEvent.getClass().getSimpleName() + " in "
                                + observer.getBeanClass().getName() + " threw; the job goes on",
                        e);
            }
        }
        if (observers.anyAsync()) {
            fireAsync(jobEvent);
        }
    }

    private Observers resolve(Object jobEvent) {
        var all = beanManager.resolveObserverMethods(jobEvent);
        return new Observers(
                all.stream()
                        .filter(o -> !o.isAsync())
                        .sorted(Comparator.comparingInt(ObserverMethod::getPriority))
                        .toList(),
                all.stream().anyMatch(ObserverMethod::isAsync));
    }

    @SuppressWarnings("unchecked")
    private void fireAsync(Object jobEvent) {
        Event<Object> event = (Event<Object>) (Event<?>) beanManager.getEvent().select(jobEvent.getClass());
        event.fireAsync(jobEvent).exceptionally(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.log(
                    Level.WARNING,
                    "an asynchronous observer of " + jobEvent.getClass().getSimpleName() + " threw",
                    cause);
            return null;
        });
    }
}
