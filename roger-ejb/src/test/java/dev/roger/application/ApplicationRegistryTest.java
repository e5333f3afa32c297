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

    /**
     * A start talks to the broker under its own application's lock only: while one waits on a slow
     * declare, what enqueues, readiness, info, cancels and the cluster's pauses need answers at once.
     */
    @Test
    void aStartWaitingOnTheBrokerHoldsUpNoReadNorAnotherApplicationsPause() throws Exception {
        FakeBroker broker = new FakeBroker();
        CountDownLatch go = new CountDownLatch(1);
        broker.slowDeclares(queue -> queue.startsWith("slow-"), go);
        ClusterCancelsAndPauses cache = new ClusterCancelsAndPauses();
        ApplicationRegistry registry = new ApplicationRegistry(
                broker.broker(),
                new Topology(QueueType.CLASSIC, broker.broker()),
                null, // the slow start fails once released: no workers here
                cache,
                null,
                Runnable::run,
                scheduler);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> registry.start("slow", Map.of("default", 2)));
        try {
            // the start is in the broker once the application is known
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (registry.queuesOf("slow").isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(Optional.of(Map.of("default", 2)), registry.queuesOf("slow"));
            CompletableFuture<Object> others = CompletableFuture.supplyAsync(() -> {
                registry.pause("other", "default");
                registry.resume("other", "default");
                registry.applyPauses(cache);
                registry.hold(true);
                registry.hold(false);
                return List.of(
                        registry.waiting(), registry.running(), registry.allConsumers(), registry.read(List::copyOf));
            });
            others.get(5, TimeUnit.SECONDS);
            assertEquals(false, slow.isDone(), "the slow start still waits for its declare");
        } finally {
            go.countDown();
        }
        try {
            slow.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException expected) {
            // no workers in this test: the start fails once its declare returns
        }
    }

    /** After an outage one pass starts at most STARTS_PER_TICK waiting applications, so a tick stays short. */
    @Test
    void aPassStartsAtMostAHundredWaitingApplications() throws Exception {
        FakeBroker broker = new FakeBroker();
        broker.loseConnection();
        ApplicationRegistry registry = new ApplicationRegistry(
                broker.broker(),
                new Topology(QueueType.CLASSIC, broker.broker()),
                null, // each start fails after its declare: no workers here
                new ClusterCancelsAndPauses(),
                null,
                Runnable::run,
                scheduler);
        for (int i = 0; i < 150; i++) {
            registry.start(String.format("app%03d", i), Map.of("default", 1));
        }
        assertEquals(150, registry.waiting().size());
        broker.reconnect();

        registry.startWaiting();

        assertEquals(
                ApplicationRegistry.STARTS_PER_TICK,
                broker.declared().size(),
                "one pass declares 100 applications' queues");
        registry.startWaiting();
        assertEquals(
                2 * ApplicationRegistry.STARTS_PER_TICK,
                broker.declared().size(),
                "the next pass tries at most 100 again");
    }
}
