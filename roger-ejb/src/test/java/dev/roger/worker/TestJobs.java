package dev.roger.worker;

import dev.roger.api.Job;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Job types for the worker's unit tests. */
final class TestJobs {

    private TestJobs() {}

    static final class Succeeds implements Job<String> {
        @Override
        public Object perform(String args) {
            return "done";
        }
    }

    static final class FailsWithRetriesLeft implements Job<String> {
        @Override
        public Object perform(String args) {
            throw new IllegalStateException("boom");
        }

        @Override
        public boolean retryable() {
            return true;
        }
    }

    /** Runs until the test releases it or interrupts it; an interrupt ends it as a well-behaved job does. */
    static final class Blocks implements Job<String> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Object perform(String args) throws InterruptedException {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the job");
            }
            return "released";
        }

        void awaitStart() throws InterruptedException {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the job did not start");
            }
        }
    }
}
