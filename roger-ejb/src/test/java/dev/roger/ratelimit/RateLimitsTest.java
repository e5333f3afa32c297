package dev.roger.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.RateLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    static final RateScope QUEUE = RateScope.ofQueue("billing", "default");

    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final MemoryRateLimitStore store = new MemoryRateLimitStore();
    final ConcurrentLinkedQueue<Long> starts = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    RateLimits instance(Map<RateScope, RateLimit> configured) {
        RateLimits limits = new RateLimits(configured, store, System::currentTimeMillis, scheduler);
        limits.reload();
        return limits;
    }

    void admit(RateLimits limits, String queue, int deliveries, Object owner, AtomicInteger givenBack) {
        for (int i = 0; i < deliveries; i++) {
            limits.admit(
                    "billing", queue, owner, () -> starts.add(System.currentTimeMillis()), givenBack::incrementAndGet);
        }
    }

    void awaitStarts(int expected) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (starts.size() < expected && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertEquals(expected, starts.size(), "deliveries let on");
    }

    /** The most starts in one window of the limit, over all windows the starts fell in. */
    int mostInOneSecond() {
        TreeMap<Long, Integer> perWindow = new TreeMap<>();
        starts.forEach(t -> perWindow.merge(t / 1000, 1, Integer::sum));
        return perWindow.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Test
    void twoInstancesTogetherNeverStartMoreThanTheLimitInAWindowAndLeaseInBatches() throws InterruptedException {
        Map<RateScope, RateLimit> configured = Map.of(QUEUE, RateLimit.parse("50/s"));
        RateLimits a = instance(configured);
        RateLimits b = instance(configured);
        AtomicInteger givenBack = new AtomicInteger();
        admit(a, "default", 70, this, givenBack);
        admit(b, "default", 70, this, givenBack);

        awaitStarts(140);
        assertTrue(mostInOneSecond() <= 50, "at most 50 starts a second, saw " + mostInOneSecond());
        assertTrue(store.leases < 140 / 2, "starts leased in batches: " + store.leases + " leases for 140 starts");
        assertEquals(0, givenBack.get());
    }

    @Test
    void anApplicationsLimitHoldsOverAllItsQueuesTogether() throws InterruptedException {
        RateLimits limits = instance(Map.of(RateScope.ofApplication("billing"), RateLimit.parse("40/s")));
        AtomicInteger givenBack = new AtomicInteger();
        admit(limits, "default", 50, this, givenBack);
        admit(limits, "mail", 50, this, givenBack);

        awaitStarts(100);
        assertTrue(mostInOneSecond() <= 40, "at most 40 starts a second, saw " + mostInOneSecond());
    }

    @Test
    void anUnlimitedQueuePassesAtOnceBesideALimitedOne() throws InterruptedException {
        RateLimits limits = instance(Map.of(QUEUE, RateLimit.parse("1/h")));
        AtomicInteger givenBack = new AtomicInteger();
        admit(limits, "default", 3, this, givenBack);
        admit(limits, "other", 5, this, givenBack);

        awaitStarts(6);
        assertEquals(2, limits.waiting("billing", "default"), "the limited queue's deliveries after the hour's one");
        assertEquals(0, limits.waiting("billing", "other"));
    }

    @Test
    void aStoppingConsumerTakesBackWhatWaitsAndNoneOfItStarts() throws InterruptedException {
        RateLimits limits = instance(Map.of(QUEUE, RateLimit.parse("1/h")));
        AtomicInteger givenBack = new AtomicInteger();
        Object consumer = new Object();
        admit(limits, "default", 4, consumer, givenBack);
        awaitStarts(1);

        List<Runnable> withdrawn = limits.withdraw("billing", consumer);
        withdrawn.forEach(Runnable::run);

        assertEquals(3, givenBack.get());
        assertEquals(0, limits.waiting("billing", "default"));
        assertEquals(1, starts.size());
    }

    @Test
    void liftingALimitAtRunTimeLetsEveryWaitingDeliveryOn() throws InterruptedException {
        RateLimits limits = instance(Map.of(QUEUE, RateLimit.parse("1/h")));
        admit(limits, "default", 5, this, new AtomicInteger());
        awaitStarts(1);

        limits.set(QUEUE, Optional.empty());

        assertEquals(5, starts.size());
        assertEquals(Optional.empty(), limits.of(QUEUE));
    }

    @Test
    void withTheDatabaseAwayAnInstanceKeepsTheLimitOnItsOwn() throws InterruptedException {
        RateLimits limits = instance(Map.of(QUEUE, RateLimit.parse("20/s")));
        store.down = true;
        admit(limits, "default", 50, this, new AtomicInteger());

        awaitStarts(50);
        assertTrue(mostInOneSecond() <= 20, "at most 20 starts a second, saw " + mostInOneSecond());
    }
}
