package dev.roger.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health. Readiness: the broker is connected and does not block publishing (a memory or
 * disk alarm), every application consumes, the shared database answers. Liveness: the engine's once-a-second work ran within the last 30 s. Both read the
 * engine's {@code dev.roger:type=Engine} MBean by attribute name (see {@code EngineStatusMXBean}),
 * because in an EAR this jar sits in {@code lib/} and cannot see the engine's classes. No engine
 * registered (not started, or stopped) is DOWN for both.
 */
@ApplicationScoped
public class RogerHealthChecks {

    static final Duration WEDGED_AFTER = Duration.ofSeconds(30);
    private static final String ENGINES = "dev.roger:type=Engine,*";

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> check("roger-ready", (engine, response) -> {
            boolean broker = (Boolean) attribute(engine, "BrokerConnected");
            String blocked = (String) attribute(engine, "BrokerBlocked");
            String[] waiting = (String[]) attribute(engine, "WaitingApplications");
            String databaseProblem = (String) attribute(engine, "DatabaseProblem");
            response.withData("brokerConnected", broker)
                    .withData("brokerBlocked", blocked.isEmpty() ? "no" : blocked)
                    .withData("waitingApplications", String.join(",", waiting))
                    .withData("database", databaseProblem.isEmpty() ? "reachable" : databaseProblem);
            return broker && blocked.isEmpty() && waiting.length == 0 && databaseProblem.isEmpty();
        });
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> check("roger-live", (engine, response) -> {
            long millis = (Long) attribute(engine, "MillisSinceLastTick");
            response.withData("lastPeriodicWorkMillisAgo", millis);
            return millis < WEDGED_AFTER.toMillis();
        });
    }

    private HealthCheckResponse check(String name, EngineCheck check) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name);
        Set<ObjectName> engines = server().queryNames(pattern(), null);
        if (engines.isEmpty()) {
            return response.down().withData("engine", "not running").build();
        }
        boolean up = true;
        try {
            // One engine per deployment is the rule; should there be more, each must be healthy.
            for (ObjectName engine : engines) {
                response.withData("instance", (String) attribute(engine, "Instance"));
                up &= check.test(engine, response);
            }
        } catch (JMException e) {
            return response.down()
                    .withData("engine", "status unreadable: " + e.getMessage())
                    .build();
        }
        return response.status(up).build();
    }

    private static Object attribute(ObjectName engine, String attribute) throws JMException {
        return server().getAttribute(engine, attribute);
    }

    private static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    private static ObjectName pattern() {
        try {
            return new ObjectName(ENGINES);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface EngineCheck {
        boolean test(ObjectName engine, HealthCheckResponseBuilder response) throws JMException;
    }
}
