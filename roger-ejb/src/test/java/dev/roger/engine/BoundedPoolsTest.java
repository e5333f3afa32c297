package dev.roger.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The bus handlers and the enqueue follow-ups take a bounded number of threads and queued tasks. */
class BoundedPoolsTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void theBusHandlersDropWhatTheirQueueCannotHoldAndRunTheRest() throws Exception {
        ThreadPoolExecutor pool = BusHandlers.create(Thread::new);
        CountDownLatch started = new CountDownLatch(BusHandlers.THREADS);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Runnable blocking = () -> {
            started.countDown();
            await(release);
            ran.incrementAndGet();
        };
        try {
            for (int i = 0; i < BusHandlers.THREADS; i++) {
                pool.execute(blocking);
            }
            assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS), "every handler thread is busy");
            for (int i = 0; i < BusHandlers.QUEUE; i++) {
                pool.execute(ran::incrementAndGet);
            }
            for (int i = 0; i < 5; i++) {
                pool.execute(ran::incrementAndGet); // dropped, and the AMQP consumer thread gets no exception
            }
            assertEquals(BusHandlers.THREADS, pool.getMaximumPoolSize());
            assertEquals(5, ((DropAndLog) pool.getRejectedExecutionHandler()).dropped());
        } finally {
            release.countDown();
            pool.shutdown();
        }
        assertTrue(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(BusHandlers.THREADS + BusHandlers.QUEUE, ran.get(), "everything queued ran");
    }

    @Test
    void dropsAreLoggedInOneShortLineAtMostEveryTenSeconds() {
        AtomicLong clock = new AtomicLong(1_000);
        DropAndLog policy = new DropAndLog("test task(s)", clock::get);
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(DropAndLog.class.getName());
        logger.addHandler(capture);
        ThreadPoolExecutor pool = BusHandlers.create(Thread::new);
        try {
            for (int i = 0; i < 3; i++) {
                policy.rejectedExecution(() -> {}, pool);
            }
            clock.addAndGet(TimeUnit.SECONDS.toNanos(DropAndLog.LOG_EVERY_SECONDS));
            policy.rejectedExecution(() -> {}, pool);
        } finally {
            logger.removeHandler(capture);
            pool.shutdownNow();
        }
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("dropped 1 test task(s)"), lines.get(0));
        assertTrue(
                lines.get(1).startsWith("dropped 3 test task(s)"), "two silent drops, then this one: " + lines.get(1));
        assertEquals(4, policy.dropped());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
