package dev.roger.application;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.amqp.FakeBroker;
import dev.roger.amqp.Topology;
import dev.roger.cluster.ClusterCancelsAndPauses;
import dev.roger.config.QueueType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry on a broker that cannot be reached: its applications wait, so no consumer is made. */
class ApplicationRegistryTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private ApplicationRegistry registry() throws Exception {
        FakeBroker broker = new FakeBroker();
        broker.loseConnection();
        return new ApplicationRegistry(
                broker.broker(),
                new Topology(QueueType.CLASSIC, broker.broker()),
                null, // no consumer is made while the broker is away
                new ClusterCancelsAndPauses(),
                null, // nor is a queue declared
                Runnable::run,
                scheduler);
    }

    @Test
    void enqueuesAndReadinessReadTheApplicationsWhileAStartHoldsTheRegistry() throws Exception {
        ApplicationRegistry registry = registry();
        registry.start("billing", Map.of("default", 2));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // as a start that talks to a slow broker under the registry's lock
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            synchronized (registry) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        held.await();
        try {
            CompletableFuture<Optional<Map<String, Integer>>> queues =
                    CompletableFuture.supplyAsync(() -> registry.queuesOf("billing"));
            CompletableFuture<List<String>> waiting = CompletableFuture.supplyAsync(registry::waiting);

            assertEquals(Optional.of(Map.of("default", 2)), queues.get(5, TimeUnit.SECONDS));
            assertEquals(List.of("billing"), waiting.get(5, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            holder.get(5, TimeUnit.SECONDS);
        }
    }
}
