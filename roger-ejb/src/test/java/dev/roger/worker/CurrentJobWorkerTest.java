package dev.roger.worker;

import static dev.roger.worker.WorkerHarness.APP;
import static dev.roger.worker.WorkerHarness.QUEUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeChannel.Settlement;
import dev.roger.api.AfterRun;
import dev.roger.api.CurrentJob;
import dev.roger.api.Job;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobFailed;
import dev.roger.job.AJob;
import dev.roger.job.JobMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a job sees of its run through {@link CurrentRuns}, as the worker sets it up. */
class CurrentJobWorkerTest {

    private WorkerHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Reads its run, reports progress, waits for the test, then fails or succeeds as told. */
    static final class Reports implements Job<String> {
        volatile CurrentRuns runs;
        volatile CurrentJob seen;
        volatile String id;
        volatile int attempt;
        volatile Instant enqueuedAt;
        volatile String where;
        volatile Thread thread;
        final CountDownLatch reported = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Object perform(String args) throws InterruptedException {
            CurrentJob current = runs.current();
            thread = Thread.currentThread();
            seen = current;
            id = current.id();
            attempt = current.attempt();
            enqueuedAt = current.enqueuedAt();
            where = current.application() + "/" + current.queue();
            current.progress(150, "x".repeat(300));
            reported.countDown();
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the job");
            }
            if (args.equals("fail")) {
                throw new IllegalStateException("fails (test)");
            }
            return "done";
        }
    }

    /** Loops without blocking until it sees its cancel, as a CPU-bound job stops at a safe point. */
    static final class Spins implements Job<String> {
        volatile CurrentRuns runs;
        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean sawCancel;

        @Override
        public Object perform(String args) {
            CurrentJob current = runs.current();
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (current.isCancelled()) {
                    sawCancel = true;
                    return "stopped";
                }
                Thread.onSpinWait();
            }
            return "never cancelled";
        }
    }

    private Settlement awaitSettlement() throws InterruptedException {
        return harness.consuming.awaitSettlement(10, TimeUnit.SECONDS);
    }

    @Test
    void aJobSeesItsRunAndItsProgressIsListedCappedWhileItRuns() throws Exception {
        Reports reports = new Reports();
        harness = new WorkerHarness(reports);
        reports.runs = harness.runs;
        JobMessage job = WorkerHarness.job("Reports").withRetryCount(1);
        long tag = harness.deliver(job);
        assertTrue(reports.reported.await(10, TimeUnit.SECONDS), "the job reported");

        RunningJob running = harness.consumer.runningJobs().get(0);
        assertEquals(100, running.progress().percent(), "clamped to 100");
        assertEquals(200, running.progress().message().length(), "capped at 200 characters");
        reports.release.countDown();

        assertEquals(new Settlement(tag, true, false), awaitSettlement());
        assertEquals(job.id(), reports.id);
        assertEquals(1, reports.attempt);
        assertEquals(job.queuedAt(), reports.enqueuedAt);
        assertEquals(APP + "/" + QUEUE, reports.where);
        harness.awaitWorkersDone();
        assertEquals(1, harness.beans.events(AfterRun.class).size());
    }

    @Test
    void aFailedRunLeavesNoRunOnItsWorkerThread() throws Exception {
        Reports reports = new Reports();
        harness = new WorkerHarness(reports);
        reports.runs = harness.runs;
        harness.deliver(AJob.ofType("Reports").id("job-fails").args("fail").build());
        assertTrue(reports.reported.await(10, TimeUnit.SECONDS));
        reports.release.countDown();
        awaitSettlement();
        assertEquals(1, harness.awaitEvents(JobFailed.class, 1).size());

        assertEquals("no run", onThread(reports.thread), "the failed job's thread, back in the pool, runs no job");
    }

    /**
     * What {@link CurrentRuns} answers on the given pool thread once it is idle again (waiting in the
     * pool for work, its only thread): the pool hands the next task to it.
     */
    private String onThread(Thread thread) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        String answer = harness.executor
                .submit(() -> Thread.currentThread() == thread ? describeRun() : "another thread")
                .get(10, TimeUnit.SECONDS);
        if (answer.equals("another thread")) {
            throw new AssertionError("the pool ran the task on another thread; the test proves nothing");
        }
        return answer;
    }

    private String describeRun() {
        try {
            return "run " + harness.runs.current().id();
        } catch (IllegalStateException e) {
            return "no run";
        }
    }

    @Test
    void aJobThatDoesNotBlockSeesItsCancelAndEndsCancelled() throws Exception {
        Spins spins = new Spins();
        harness = new WorkerHarness(spins);
        spins.runs = harness.runs;
        JobMessage job = WorkerHarness.job("Spins");
        long tag = harness.deliver(job);
        assertTrue(spins.started.await(10, TimeUnit.SECONDS));

        harness.state.cancels().add(APP, job.id());
        assertTrue(harness.consumer.cancelRunning(job.id()));

        assertEquals(new Settlement(tag, true, false), awaitSettlement());
        harness.awaitWorkersDone();
        assertTrue(spins.sawCancel);
        assertEquals(1, harness.beans.events(JobCancelled.class).size());
        assertTrue(harness.beans.events(AfterRun.class).isEmpty(), "a cancelled job did not finish");
    }

    @Test
    void aCancelKnownOnlyFromTheClusterFlagsIsSeenAndEndsTheRunCancelled() throws Exception {
        Spins spins = new Spins();
        harness = new WorkerHarness(spins);
        spins.runs = harness.runs;
        JobMessage job = WorkerHarness.job("Spins");
        long tag = harness.deliver(job);
        assertTrue(spins.started.await(10, TimeUnit.SECONDS));

        harness.state.cancels().add(APP, job.id());
        harness.cache.cancelled(APP, job.id()); // the reload from the database, the broadcast missed

        assertEquals(new Settlement(tag, true, false), awaitSettlement());
        harness.awaitWorkersDone();
        assertTrue(spins.sawCancel);
        assertEquals(List.of(), harness.beans.events(AfterRun.class));
        assertEquals(1, harness.beans.events(JobCancelled.class).size());
    }
}
