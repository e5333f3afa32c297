package dev.roger.web.health;

import dev.roger.api.RogerService;
import dev.roger.api.RogerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * MicroProfile Health. Readiness: the broker is connected, every application consumes, the shared
 * database answers. Liveness: the engine's once-a-second work ran within the last 30 s.
 */
@ApplicationScoped
public class RogerHealthChecks {

    static final Duration WEDGED_AFTER = Duration.ofSeconds(30);

    @Inject
    RogerService roger;

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            RogerStatus status = roger.status();
            return HealthCheckResponse.named("roger-ready")
                    .status(status.brokerConnected() && status.waitingApplications().isEmpty()
                            && status.databaseProblem().isEmpty())
                    .withData("instance", status.instance())
                    .withData("brokerConnected", status.brokerConnected())
                    .withData("waitingApplications", String.join(",", status.waitingApplications()))
                    .withData("database", status.databaseProblem().orElse("reachable"))
                    .build();
        };
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> {
            RogerStatus status = roger.status();
            return HealthCheckResponse.named("roger-live")
                    .status(status.sinceLastTick().compareTo(WEDGED_AFTER) < 0)
                    .withData("instance", status.instance())
                    .withData("lastPeriodicWorkMillisAgo", status.sinceLastTick().toMillis())
                    .build();
        };
    }
}
