package dev.roger.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How this instance is doing, for health checks.
 *
 * @param databaseProblem why the shared database cannot be used, if it cannot
 * @param sinceLastTick how long ago the engine's once-a-second work last ran; long means wedged
 * @param waitingApplications applications that are not consuming because the broker is unreachable
 */
public record RogerStatus(String instance, boolean brokerConnected, Optional<String> databaseProblem,
                          Duration sinceLastTick, List<String> waitingApplications) {
}
