package dev.roger.ratelimit;

import dev.roger.api.RateLimit;
import dev.roger.logging.LogBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rate limits of this instance's queues and applications: the configured ones, with those set at
 * run time (cluster-wide, in the database) over them. A delivery of a limited queue or application
 * waits here, before the worker budget, until a start of the limit is free; one of an unlimited queue
 * passes straight on (a map lookup).
 */
public final class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class.getName());

    /** How often the limits set at run time are read again, in case a bus message was missed. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(10);

    private final Map<RateScope, RateLimit> configured;
    private final RateLimitStore store;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final LogBudget warnings = LogBudget.perWindow(Duration.ofMinutes(1));
    private final ConcurrentMap<RateScope, RateGate> gates = new ConcurrentHashMap<>();
    private volatile Map<RateScope, RateLimit> effective;

    /**
     * @param configured the limits of {@code roger.applications}
     * @param clock the cluster's time, epoch ms: every instance's windows begin together
     * @param scheduler where leases run and waiting deliveries are let on
     */
    public RateLimits(
            Map<RateScope, RateLimit> configured,
            RateLimitStore store,
            LongSupplier clock,
            ScheduledExecutorService scheduler) {
        this.configured = Map.copyOf(configured);
        this.store = store;
        this.clock = clock;
        this.scheduler = scheduler;
        this.effective = this.configured;
    }

    /**
     * Lets a delivery of the queue on through the queue's limit, then the application's, to {@code pass};
     * while it waits, {@code owner} can take it back ({@code giveBack} then runs instead).
     */
    public void admit(String application, String queue, Object owner, Runnable pass, Runnable giveBack) {
        Map<RateScope, RateLimit> limits = effective;
        if (limits.isEmpty()) {
            pass.run();
            return;
        }
        RateGate applicationGate = gate(RateScope.ofApplication(application), limits);
        RateGate queueGate = gate(RateScope.ofQueue(application, queue), limits);
        if (applicationGate == null && queueGate == null) {
            pass.run();
            return;
        }
        long since = clock.getAsLong();
        Runnable throughApplication = applicationGate == null
                ? pass
                : () -> applicationGate.enter(new RateGate.Waiting(owner, queue, since, pass, giveBack));
        if (queueGate == null) {
            throughApplication.run();
        } else {
            queueGate.enter(new RateGate.Waiting(owner, queue, since, throughApplication, giveBack));
        }
    }

    private RateGate gate(RateScope scope, Map<RateScope, RateLimit> limits) {
        RateLimit limit = limits.get(scope);
        if (limit == null) {
            return null;
        }
        return gates.computeIfAbsent(scope, s -> new RateGate(s, limit, store, clock, scheduler, warnings));
    }

    /** Takes back what the owner has waiting for the application's limits; none of it starts. */
    public List<Runnable> withdraw(String application, Object owner) {
        return withdraw(application, owner, w -> true);
    }

    /** Takes back what the owner has had waiting longer than {@code limit}; none of it starts. */
    public List<Runnable> withdrawWaitingLongerThan(String application, Object owner, Duration limit) {
        long before = clock.getAsLong() - limit.toMillis();
        return withdraw(application, owner, w -> w.sinceMillis() < before);
    }

    private List<Runnable> withdraw(String application, Object owner, Predicate<RateGate.Waiting> which) {
        List<Runnable> withdrawn = new ArrayList<>();
        gates.forEach((scope, gate) -> {
            if (scope.application().equals(application)) {
                withdrawn.addAll(gate.withdraw(owner, which));
            }
        });
        return withdrawn;
    }

    /** The limit that applies to the scope here. */
    public Optional<RateLimit> of(RateScope scope) {
        return Optional.ofNullable(effective.get(scope));
    }

    /** Deliveries of the queue waiting here for a start of its own or its application's limit. */
    public int waiting(String application, String queue) {
        int waiting = 0;
        for (RateScope scope : List.of(RateScope.ofQueue(application, queue), RateScope.ofApplication(application))) {
            RateGate gate = gates.get(scope);
            waiting += gate == null ? 0 : gate.waiting(queue);
        }
        return waiting;
    }

    /** Sets (empty: lifts) a limit for the whole cluster; the other instances learn it from the caller's bus message. */
    public void set(RateScope scope, Optional<RateLimit> limit) {
        store.set(scope, limit);
        reload();
    }

    /** Reads the limits set at run time again; keeps the last ones while the database is away. */
    public void reload() {
        Map<RateScope, Optional<RateLimit>> atRunTime;
        try {
            atRunTime = store.setAtRunTime();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot read the rate limits; the last ones apply", e);
            return;
        }
        Map<RateScope, RateLimit> limits = new HashMap<>(configured);
        atRunTime.forEach(
                (scope, limit) -> limit.ifPresentOrElse(l -> limits.put(scope, l), () -> limits.remove(scope)));
        effective = Map.copyOf(limits);
        gates.forEach((scope, gate) -> {
            RateLimit limit = limits.get(scope);
            if (!java.util.Objects.equals(limit, gate.limit())) {
                gate.limit(limit);
            }
            if (limit == null) {
                // a delivery that still finds this gate passes at once: its limit is lifted
                gates.remove(scope, gate);
            }
        });
    }
}
