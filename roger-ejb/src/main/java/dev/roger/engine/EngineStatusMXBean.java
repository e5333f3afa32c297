package dev.roger.engine;

import java.util.List;

/**
 * How this instance is doing, published over JMX as {@code dev.roger:type=Engine,instance=...}.
 * The health checks read it by attribute name, so they work from any module of a deployment: on
 * WildFly they must sit in an EAR {@code lib/} jar, which cannot see the engine's classes.
 * Renaming an attribute here means renaming it in {@code dev.roger.health.RogerHealthChecks} too.
 */
public interface EngineStatusMXBean {

    String getInstance();

    boolean isBrokerConnected();

    /** Why RabbitMQ blocks this instance's publishing (a memory or disk alarm); empty when it does not. */
    String getBrokerBlocked();

    /** Why the shared database cannot be used; empty when it can. */
    String getDatabaseProblem();

    /** Applications that are not consuming because the broker is unreachable. */
    List<String> getWaitingApplications();

    /** How long ago the engine's once-a-second work last ran; long means wedged. */
    long getMillisSinceLastTick();

    /** Changes of a job's state the lifecycle does not allow, since start: a bug in Roger when not 0. */
    long getIllegalStateChanges();

    /** Calls of a lifecycle listener (records, history, counters, CDI observers) that threw, since start. */
    long getListenerFailures();
}
