package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void aJobPastTheBudgetsThreadsWaitsForOneInsteadOfStartingAnother() throws Exception {
        ThreadPoolExecutor pool = WorkerPool.forJobs(Executors.defaultThreadFactory(), 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch third = new CountDownLatch(1);
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> await(release));
            }
            pool.execute(third::countDown);

            assertEquals(2, pool.getPoolSize(), "two threads, the budget");
            assertEquals(1, pool.getQueue().size(), "the third job waits");
            release.countDown();
            assertTrue(third.await(5, TimeUnit.SECONDS), "the third job ran once a thread came free");
            assertEquals(2, pool.getLargestPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jobsOneAfterAnotherReuseTheIdleThread() throws Exception {
        ThreadPoolExecutor pool = WorkerPool.forJobs(Executors.defaultThreadFactory(), 50);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try {
            for (int i = 0; i < 20; i++) {
                CountDownLatch done = new CountDownLatch(1);
                pool.execute(() -> {
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                });
                assertTrue(done.await(5, TimeUnit.SECONDS));
                // the thread is back waiting before the next job comes
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!((java.util.concurrent.LinkedTransferQueue<?>) pool.getQueue()).hasWaitingConsumer()
                        && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            assertEquals(1, threads.size(), "20 jobs one after another ran on " + threads);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
