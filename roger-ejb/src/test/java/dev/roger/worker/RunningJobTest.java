package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunningJobTest {

    @Test
    void aDeliveryIsSettledOnceEvenWhenManyTryAtOnce() throws Exception {
        RunningJob job = new RunningJob("app", "default", 1, Thread.currentThread());
        AtomicInteger settlements = new AtomicInteger();
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(() -> {
                        try {
                            go.await();
                            job.settle(settlements::incrementAndGet);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            done.countDown();
                        }
                    })
                    .start();
        }
        go.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(1, settlements.get());
    }

    @Test
    void aSettlementThatFailsLeavesTheDeliveryToBeSettledAgain() throws Exception {
        RunningJob job = new RunningJob("app", "default", 1, Thread.currentThread());
        try {
            job.settle(() -> {
                throw new java.io.IOException("the channel closed");
            });
        } catch (java.io.IOException expected) {
            // the ack did not go out
        }
        assertTrue(job.settle(() -> {}), "a delivery whose settlement failed can still be requeued");
        assertFalse(job.settle(() -> {}));
    }

    @Test
    void theFirstInterruptionWinsAndInterruptsTheThreadOnce() {
        RunningJob job = new RunningJob("app", "default", 1, Thread.currentThread());

        job.cancel();
        assertTrue(Thread.interrupted(), "a cancel interrupts the job's thread");
        job.abort();
        job.timeOut();

        assertFalse(Thread.interrupted(), "a later stop does not interrupt again");
        assertEquals(RunningJob.Interruption.CANCELLED, job.interruption());
        assertFalse(job.isAborted(), "a cancelled job is not aborted by a later stop");
    }
}
