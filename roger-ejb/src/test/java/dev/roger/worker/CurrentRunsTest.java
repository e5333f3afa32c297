package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.CurrentJob;
import dev.roger.job.AJob;
import dev.roger.job.JobMessage;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The run of the calling thread: set for the action only, cleared however it ends, per thread. */
class CurrentRunsTest {

    private final CurrentRuns runs = new CurrentRuns();

    private static CurrentRun run(String id) {
        JobMessage message = AJob.ofType("t").id(id).args("a").build();
        RunningJob running = new RunningJob("app", "default", 1, Thread.currentThread());
        return new CurrentRun(
                running,
                message,
                null,
                new ProgressThrottle(Duration.ofSeconds(1), System::nanoTime, (p, m) -> {}, (ms, t) -> () -> {}));
    }

    @Test
    void outsideARunEveryCallFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, runs::current);

        assertTrue(e.getMessage().contains("no job runs on this thread"), e.getMessage());
    }

    @Test
    void theRunIsCurrentDuringTheActionAndClearedAfter() throws Exception {
        CurrentRun run = run("job-1");

        CurrentJob seen = runs.during(run, runs::current);

        assertSame(run, seen);
        assertThrows(IllegalStateException.class, runs::current);
    }

    @Test
    void theRunIsClearedAlsoWhenTheActionFails() {
        assertThrows(
                IllegalArgumentException.class,
                () -> runs.during(run("job-1"), () -> {
                    throw new IllegalArgumentException("the job fails (test)");
                }));
        assertThrows(IllegalStateException.class, runs::current);

        assertThrows(
                OutOfMemoryError.class,
                () -> runs.during(run("job-2"), () -> {
                    throw new OutOfMemoryError("an error (test)");
                }));
        assertThrows(IllegalStateException.class, runs::current);
    }

    @Test
    void twoThreadsEachSeeTheirOwnRun() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = threads.submit(() -> idSeenWhileBothRun(run("job-1"), bothIn));
            Future<String> second = threads.submit(() -> idSeenWhileBothRun(run("job-2"), bothIn));

            assertEquals("job-1", first.get(10, TimeUnit.SECONDS));
            assertEquals("job-2", second.get(10, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
    }

    private String idSeenWhileBothRun(CurrentRun run, CountDownLatch bothIn) throws Exception {
        return runs.during(run, () -> {
            bothIn.countDown();
            if (!bothIn.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other run did not start");
            }
            return runs.current().id();
        });
    }
}
