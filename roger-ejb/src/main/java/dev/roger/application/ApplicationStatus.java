package dev.roger.application;

import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.api.ApplicationInfo;
import dev.roger.api.QueueInfo;
import dev.roger.ratelimit.RateLimits;
import dev.roger.ratelimit.RateScope;
import dev.roger.worker.CancelsAndPauses;
import dev.roger.worker.QueueConsumer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the applications here look like to an operator: their queues with the broker's counts (a shared
 * snapshot, see {@link QueueCounts}), pauses, running and processed counts.
 */
public final class ApplicationStatus {

    public static final Duration COUNTS_REFRESH = QueueCounts.REFRESH;

    private final ApplicationRegistry registry;
    private final CancelsAndPauses cache;
    private final QueueCounts counts;
    private final RateLimits rateLimits;

    public ApplicationStatus(
            ApplicationRegistry registry, Broker broker, CancelsAndPauses cache, RateLimits rateLimits) {
        this.registry = registry;
        this.cache = cache;
        this.rateLimits = rateLimits;
        this.counts = new QueueCounts(this::brokerQueues, new BrokerQueueCounter(broker), System::nanoTime);
    }

    /** The applications with their queues; the broker's counts come from the shared snapshot (see {@link QueueCounts}). */
    public List<ApplicationInfo> info() {
        Map<String, QueueCounts.Counts> brokerCounts = counts.read();
        List<ApplicationInfo> infos = new ArrayList<>();
        registry.read(applications -> {
            for (RunningApplication application : applications) {
                List<QueueInfo> queues = new ArrayList<>();
                application.queues().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(entry -> {
                            QueueConsumer consumer = application.consumers().get(entry.getKey());
                            String brokerQueue = QueueNames.main(application.name(), entry.getKey());
                            QueueCounts.Counts count =
                                    brokerCounts.getOrDefault(brokerQueue, QueueCounts.Counts.UNKNOWN);
                            queues.add(new QueueInfo(
                                    entry.getKey(),
                                    brokerQueue,
                                    entry.getValue(),
                                    cache.isPaused(application.name(), entry.getKey()),
                                    count.messages(),
                                    count.consumers(),
                                    consumer == null ? 0 : consumer.runningCount(),
                                    application.counters(entry.getKey()).processed(),
                                    application.counters(entry.getKey()).failed(),
                                    rateLimits
                                            .of(RateScope.ofQueue(application.name(), entry.getKey()))
                                            .map(Object::toString)
                                            .orElse(null),
                                    rateLimits.waiting(application.name(), entry.getKey())));
                        });
                String state = registry.held() && application.state() == RunningApplication.State.RUNNING
                        ? "held"
                        : application.state().name().toLowerCase();
                infos.add(new ApplicationInfo(
                        application.name(),
                        state,
                        queues,
                        rateLimits
                                .of(RateScope.ofApplication(application.name()))
                                .map(Object::toString)
                                .orElse(null)));
            }
            return null;
        });
        return infos;
    }

    /** Run every second: keeps the counts fresh while someone looks at them. */
    public void refreshCounts() {
        counts.refreshIfWatched();
    }

    /** Every queue of every application here, as RabbitMQ names it: what the counts cover. */
    private List<String> brokerQueues() {
        return registry.read(applications -> {
            List<String> queues = new ArrayList<>();
            applications.forEach(a -> a.queues().keySet().forEach(q -> queues.add(QueueNames.main(a.name(), q))));
            return queues;
        });
    }
}
