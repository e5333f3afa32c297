package dev.roger.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.WorkerBudgetStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkerBudgetTest {

    /** Holds what the budget starts until the test ends it: started jobs are "running" until then. */
    private static final class HeldExecutor implements java.util.concurrent.Executor {
        final Deque<Runnable> running = new ArrayDeque<>();
        boolean refusing;

        @Override
        public void execute(Runnable command) {
            if (refusing) {
                throw new RejectedExecutionException("shut down");
            }
            running.add(command);
        }

        /** Ends the job started longest ago. */
        void endOldest() {
            running.poll().run();
        }
    }

    private final HeldExecutor executor = new HeldExecutor();
    private final List<String> started = new ArrayList<>();

    private WorkerBudget.Job job(String name) {
        return new WorkerBudget.Job() {
            @Override
            public void run() {
                started.add(name);
            }

            @Override
            public void notStarted() {
                started.add("not started " + name);
            }
        };
    }

    private int running(WorkerBudget budget, String application) {
        return budget.usage().applications().stream()
                .filter(share -> share.application().equals(application))
                .mapToInt(WorkerBudgetStatus.Share::running)
                .sum();
    }

    @Test
    void neverRunsMoreJobsAtOnceThanTheBudgetAndRunsThemAll() throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        WorkerBudget budget = new WorkerBudget(3, threads);
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            budget.submit(i % 2 == 0 ? "a" : "b", this, new WorkerBudget.Job() {
                @Override
                public void run() {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    now.decrementAndGet();
                    done.countDown();
                }

                @Override
                public void notStarted() {}
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every job ran");
        threads.shutdown();
        assertEquals(3, most.get(), "at most the budget's jobs ran at once, and the budget was used");
    }

    @Test
    void anApplicationAloneGetsTheWholeBudget() {
        WorkerBudget budget = new WorkerBudget(4, executor);
        for (int i = 0; i < 10; i++) {
            budget.submit("flood", this, job("flood" + i));
        }
        assertEquals(4, running(budget, "flood"));
        assertEquals(6, budget.usage().waiting());
    }

    @Test
    void aFreedPlaceGoesToTheWaitingApplicationRunningFewestJobs() {
        WorkerBudget budget = new WorkerBudget(2, executor);
        for (int i = 0; i < 10; i++) {
            budget.submit("flood", this, job("flood" + i));
        }
        budget.submit("quiet", this, job("quiet"));

        executor.endOldest();
        assertEquals(1, running(budget, "quiet"), "the quiet application's job started at the first freed place");
        assertEquals(1, running(budget, "flood"));

        executor.endOldest();
        assertEquals(1, running(budget, "flood"), "the next freed place went to the flood again");
    }

    @Test
    void weightsShareTheBudgetInTheirProportion() {
        WorkerBudget budget = new WorkerBudget(8, executor);
        budget.weigh("gold", 3);
        for (int i = 0; i < 100; i++) {
            budget.submit("gold", this, job("gold" + i));
            budget.submit("basic", this, job("basic" + i));
        }
        for (int i = 0; i < 50; i++) {
            executor.endOldest();
        }
        assertEquals(6, running(budget, "gold"), "three parts of four");
        assertEquals(2, running(budget, "basic"), "one part of four");
    }

    @Test
    void jobsTakenBackNeverStartAndOthersStillDo() {
        WorkerBudget budget = new WorkerBudget(1, executor);
        Object consumerA = new Object();
        Object consumerB = new Object();
        budget.submit("app", consumerA, job("a1"));
        budget.submit("app", consumerA, job("a2"));
        budget.submit("app", consumerB, job("b1"));

        budget.withdraw("app", consumerA).forEach(WorkerBudget.Job::notStarted);
        executor.endOldest();
        executor.endOldest();

        assertEquals(List.of("not started a2", "a1", "b1"), started);
        assertEquals(0, budget.usage().waiting());
    }

    @Test
    void jobsThatWaitedLongerThanTheLimitAreTakenBackTheYoungerWait() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(-5_000_000_000L);
        WorkerBudget budget = new WorkerBudget(1, executor, now::get);
        Object consumer = new Object();
        budget.submit("app", consumer, job("running"));
        budget.submit("app", consumer, job("old"));
        now.addAndGet(java.time.Duration.ofMinutes(10).toNanos());
        budget.submit("app", consumer, job("young"));
        now.addAndGet(java.time.Duration.ofMinutes(6).toNanos());

        budget.withdrawWaitingLongerThan("app", consumer, java.time.Duration.ofMinutes(15))
                .forEach(WorkerBudget.Job::notStarted);
        executor.endOldest();
        executor.endOldest();

        assertEquals(List.of("not started old", "running", "young"), started);
    }

    @Test
    void aLargerBudgetStartsWaitingJobsAtOnceAndASmallerOneLetsRunningJobsEnd() {
        WorkerBudget budget = new WorkerBudget(1, executor);
        for (int i = 0; i < 5; i++) {
            budget.submit("app", this, job("j" + i));
        }
        budget.resize(3);
        assertEquals(3, budget.usage().running());

        budget.resize(1);
        executor.endOldest();
        assertEquals(2, budget.usage().running(), "no job started while more run than the budget");
        executor.endOldest();
        executor.endOldest();
        assertEquals(1, budget.usage().running());
    }

    @Test
    void aJobTheExecutorRefusesIsToldSoAndGivesItsPlaceBack() {
        WorkerBudget budget = new WorkerBudget(1, executor);
        executor.refusing = true;
        budget.submit("app", this, job("j"));
        assertEquals(List.of("not started j"), started);
        assertEquals(0, budget.usage().running());
        assertTrue(budget.usage().applications().isEmpty(), "an idle application of the default weight is not kept");
    }
}
