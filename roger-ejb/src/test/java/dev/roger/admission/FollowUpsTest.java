package dev.roger.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.EnqueueFailedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The follow-ups of keyed admissions take a bounded number of threads and places. */
class FollowUpsTest {

    private static final long WAIT_SECONDS = 10;

    @Test
    void keyedEnqueuesWaitForAPlaceAndAFollowUpWithAPlaceIsNeverRefused() throws Exception {
        FollowUps followUps = new FollowUps(Thread::new, 1, 2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        followUps.reserve(0, TimeUnit.SECONDS);
        followUps.reserve(0, TimeUnit.SECONDS);
        EnqueueFailedException full =
                assertThrows(EnqueueFailedException.class, () -> followUps.reserve(0, TimeUnit.SECONDS));
        assertEquals(FollowUps.PLACES_TAKEN, full.getMessage());

        // the only thread is busy: the second follow-up waits in the queue, it is not refused nor run by the caller
        followUps.execute(() -> {
            await(release);
            ran.incrementAndGet();
        });
        Thread caller = Thread.currentThread();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        followUps.execute(() -> {
            ranOn.set(Thread.currentThread());
            ran.incrementAndGet();
        });

        AtomicReference<RuntimeException> waiting = new AtomicReference<>();
        CountDownLatch reserved = new CountDownLatch(1);
        Thread enqueuer = new Thread(() -> {
            try {
                followUps.reserve(WAIT_SECONDS, TimeUnit.SECONDS);
                reserved.countDown();
            } catch (RuntimeException e) {
                waiting.set(e);
            }
        });
        enqueuer.start();
        assertTrue(waitUntilWaiting(enqueuer), "the enqueuing thread waits for a place");
        assertEquals(1, reserved.getCount(), "no place before a follow-up has run");

        release.countDown();
        assertTrue(reserved.await(WAIT_SECONDS, TimeUnit.SECONDS), "a place frees once the follow-ups have run");
        assertNull(waiting.get());
        followUps.release();
        followUps.shutdown(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, ran.get());
        assertTrue(ranOn.get() != caller, "follow-ups run on the pool's threads");
    }

    private static boolean waitUntilWaiting(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
