package dev.roger.application;

import dev.roger.worker.QueueConsumer;
import dev.roger.worker.QueueCounters;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** An application on this instance: the queues it should consume, and their consumers once connected. */
final class RunningApplication {

    enum State {
        WAITING,
        RUNNING
    }

    private final String name;
    /** Volatile, with {@link #state}: read without the registry's lock (enqueues, readiness). */
    private volatile Map<String, Integer> queues;

    /** Changed under this application's lock, read without it (info, the running jobs). */
    private final Map<String, QueueConsumer> consumers = new java.util.concurrent.ConcurrentHashMap<>();
    /** Concurrent: the workers' counting listener reads it without the registry's lock. */
    private final Map<String, QueueCounters> counters = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile State state = State.WAITING;
    /** Held while this application's consumers talk to the broker (start, stop, pause, resume, replace). */
    private final ReentrantLock lock = new ReentrantLock();

    RunningApplication(String name, Map<String, Integer> queues) {
        this.name = name;
        this.queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

    String name() {
        return name;
    }

    Map<String, Integer> queues() {
        return queues;
    }

    void queues(Map<String, Integer> queues) {
        this.queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    }

    Map<String, QueueConsumer> consumers() {
        return consumers;
    }

    /** The queue's counters, which outlive its consumers. */
    QueueCounters counters(String queue) {
        return counters.computeIfAbsent(queue, q -> new QueueCounters());
    }

    Collection<QueueConsumer> allConsumers() {
        return consumers.values();
    }

    ReentrantLock lock() {
        return lock;
    }

    /** Runs {@code work} under this application's lock. */
    void locked(Runnable work) {
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }

    State state() {
        return state;
    }

    void state(State state) {
        this.state = state;
    }
}
