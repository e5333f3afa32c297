package dev.roger.job;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.EventContext;
import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written stand-in for the CDI container, for unit tests: the given job objects are the
 * deployment's job beans (dependent scope), and one synchronous observer records every event fired.
 */
public final class FakeJobBeans {

    private final List<Object> jobs;
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final BeanManager beanManager;

    public FakeJobBeans(Object... jobs) {
        this.jobs = List.of(jobs);
        this.beanManager = proxy(BeanManager.class, (proxy, method, args) -> switch (method.getName()) {
            case "getBeans" -> beans();
            case "isNormalScope" -> false;
            case "createCreationalContext" -> proxy(CreationalContext.class, (p, m, a) -> null);
            case "getReference" -> instanceOf((Bean<?>) args[0]);
            case "resolveObserverMethods" -> Set.of(recorder());
            default -> throw new UnsupportedOperationException("FakeBeanManager." + method.getName());
        });
    }

    /** The job types of the fake deployment. */
    public JobTypes jobTypes() {
        return new JobTypes(beanManager);
    }

    public BeanManager beanManager() {
        return beanManager;
    }

    /** Every event fired, in order. */
    public List<Object> events() {
        return new ArrayList<>(events);
    }

    /** The events fired of the given type. */
    public <T> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private Set<Bean<?>> beans() {
        Set<Bean<?>> beans = new LinkedHashSet<>();
        for (Object job : jobs) {
            beans.add(proxy(Bean.class, (proxy, method, args) -> switch (method.getName()) {
                case "getBeanClass" -> job.getClass();
                case "getScope" -> Dependent.class;
                case "toString" -> "bean of " + job.getClass().getSimpleName();
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException("FakeBean." + method.getName());
            }));
        }
        return beans;
    }

    private Object instanceOf(Bean<?> bean) {
        return jobs.stream()
                .filter(job -> job.getClass() == bean.getBeanClass())
                .findFirst()
                .orElseThrow();
    }

    private ObserverMethod<?> recorder() {
        return proxy(ObserverMethod.class, (proxy, method, args) -> switch (method.getName()) {
            case "isAsync" -> false;
            case "getPriority" -> 0;
            case "getBeanClass" -> FakeJobBeans.class;
            case "notify" -> {
                events.add(args[0] instanceof EventContext<?> context ? context.getEvent() : args[0]);
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException("FakeObserver." + method.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeJobBeans.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
