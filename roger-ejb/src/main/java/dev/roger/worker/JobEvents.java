package dev.roger.worker;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers job events to the CDI observers one by one, in priority order. Each observer is called on
 * its own so that one that throws is logged and neither breaks the worker nor keeps the event from
 * the observers after it (a plain {@code Event.fire} stops at the first exception).
 */
public final class JobEvents {

    private static final Logger LOG = Logger.getLogger(JobEvents.class.getName());
    private final BeanManager beanManager;
    /** The observers of each event type, resolved once: they are fixed when the deployment starts. */
    private final Map<Class<?>, List<ObserverMethod<? super Object>>> observersByType = new ConcurrentHashMap<>();

    public JobEvents(BeanManager beanManager) {
        this.beanManager = beanManager;
    }

    public void fire(Object jobEvent) {
        List<ObserverMethod<? super Object>> observers = observersByType.computeIfAbsent(jobEvent.getClass(),
                type -> beanManager.resolveObserverMethods(jobEvent).stream()
                        .filter(o -> !o.isAsync())
                        .sorted(Comparator.comparingInt(ObserverMethod::getPriority))
                        .toList());
        for (ObserverMethod<? super Object> observer : observers) {
            try {
                observer.notify(jobEvent);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an observer of " + jobEvent.getClass().getSimpleName() + " in "
                        + observer.getBeanClass().getName() + " threw; the job goes on", e);
            }
        }
    }
}
