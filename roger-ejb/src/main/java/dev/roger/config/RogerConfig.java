package dev.roger.config;

import dev.roger.spi.AdminCredentials;
import dev.roger.spi.SecuritySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Roger's whole configuration, read and checked once at start.
 *
 * @param applications application name to its queues' concurrency, started at boot
 * @param retryDelays the backoff levels in seconds, one retry queue each
 * @param maxDeliveries how often a job is handed to a worker before, never having reached an outcome
 *                      (its worker died each time), it is parked
 * @param admin may read and act (role roger-admin)
 * @param viewer may only read (role roger-viewer)
 * @param producer may only enqueue (role roger-producer)
 * @param producerApplications the applications the producer may enqueue into; empty: every one
 * @param recurring the recurring jobs the configuration owns
 * @param records how job records are kept
 * @param history how long the job history is kept
 * @param strictLifecycle an illegal change of a job's state throws instead of being logged and counted
 *                        (the in-container tests set it)
 * @param scheduleHorizon how far ahead a job may be scheduled
 * @param maxMessageBytes the largest job message an enqueue may make
 * @param workersMax the most jobs that run at once on an instance, across all applications (the worker budget)
 * @param weights applications' shares of the worker budget when it is the bottleneck (1 for any not named)
 * @param quotas the bounds on applications' waiting, parked and buried jobs (none unless configured)
 * @param rateLimits the rate limits of {@code roger.applications}, per queue and per application
 * @param workersExecutor the JNDI name of a ManagedExecutorService to run jobs on, instead of Roger's own
 *     pool of the server's managed threads
 */
public record RogerConfig(
        BrokerSettings broker,
        Map<String, Map<String, Integer>> applications,
        List<Integer> retryDelays,
        Duration shutdownTimeout,
        QueueType queueType,
        int maxDeliveries,
        AdminCredentials admin,
        AdminCredentials viewer,
        ClusterSettings cluster,
        AdminCredentials producer,
        java.util.Set<String> producerApplications,
        SecuritySettings security,
        List<RecurringConfig> recurring,
        RecordSettings records,
        HistorySettings history,
        boolean strictLifecycle,
        Duration scheduleHorizon,
        int maxMessageBytes,
        int workersMax,
        Map<String, Integer> weights,
        QuotaSettings quotas,
        Map<dev.roger.ratelimit.RateScope, dev.roger.api.RateLimit> rateLimits,
        java.util.Optional<String> workersExecutor) {}
