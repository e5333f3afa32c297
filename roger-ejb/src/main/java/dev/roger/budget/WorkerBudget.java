package dev.roger.budget;

import dev.roger.api.WorkerBudgetStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The most jobs that run at once on this instance, across all applications. A job starts at once
 * while the budget has room; otherwise it waits in its application's line, and each job that ends
 * hands its place to the waiting application that runs the fewest jobs for its weight (on a tie, the
 * one whose last start is oldest). So the budget is work-conserving (no place stays free while a job
 * waits), an application with work gets at least its weighted share of it whatever the others'
 * backlogs, and one alone gets all of it. A job holds its place until its runnable returns, however
 * long that takes (a job that ignores interrupts keeps it).
 */
public final class WorkerBudget {

    /** A job handed to the budget: started on the executor once it has a place, or refused. */
    public interface Job {
        /** Runs the job, on the executor's thread. */
        void run();

        /** The job will not start here: the executor refused it (it is shutting down), or its owner took it back. */
        void notStarted();
    }

    private static final Logger LOG = Logger.getLogger(WorkerBudget.class.getName());

    public static final int DEFAULT_WEIGHT = 1;

    private final Executor executor;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Share> shares = new HashMap<>();
    /** The applications with jobs waiting, the next to start first. */
    private final TreeSet<Share> waitingLine = new TreeSet<>(Share.NEXT_FIRST);

    private int max;
    private int running;
    private int waiting;
    /** Orders starts: ties between applications go to the one that started longest ago. */
    private long starts;

    public WorkerBudget(int max, Executor executor) {
        this(max, executor, System::nanoTime);
    }

    /** @param nanoClock when a job starts to wait, in {@link System#nanoTime} terms */
    public WorkerBudget(int max, Executor executor, LongSupplier nanoClock) {
        if (max < 1) {
            throw new IllegalArgumentException("the worker budget must be at least 1, not " + max);
        }
        this.max = max;
        this.executor = executor;
        this.nanoClock = nanoClock;
    }

    /**
     * Starts the job now if the budget has room and no job waits, else when its application's turn
     * comes. {@code owner} (the consumer that got the job) can take it back while it waits.
     */
    public void submit(String application, Object owner, Job job) {
        Share share;
        lock.lock();
        try {
            share = shares.computeIfAbsent(application, Share::new);
            if (running < max && waitingLine.isEmpty()) {
                take(share);
            } else {
                Waiting waits = new Waiting(owner, job, nanoClock.getAsLong());
                if (share.line.isEmpty()) {
                    share.since = ++starts;
                    share.line.add(waits);
                    waitingLine.add(share);
                } else {
                    share.line.add(waits);
                }
                waiting++;
                share = null;
            }
        } finally {
            lock.unlock();
        }
        if (share != null) {
            start(share, job);
        } else {
            // a place may have freed between a job's end and its hand-over
            startWaiting();
        }
    }

    /**
     * Takes back the waiting jobs of an owner (a consumer that stops), in the order they came; they
     * never start.
     */
    public List<Job> withdraw(String application, Object owner) {
        return withdraw(application, owner, w -> true);
    }

    /**
     * Takes back the jobs of an owner that have waited longer than {@code limit}, in the order they
     * came; they never start. A delivery held that long would meet the broker's consumer timeout.
     */
    public List<Job> withdrawWaitingLongerThan(String application, Object owner, Duration limit) {
        long before = nanoClock.getAsLong() - limit.toNanos();
        return withdraw(application, owner, w -> w.since() - before < 0);
    }

    private List<Job> withdraw(String application, Object owner, java.util.function.Predicate<Waiting> which) {
        List<Job> withdrawn = new ArrayList<>();
        lock.lock();
        try {
            Share share = shares.get(application);
            if (share == null || share.line.isEmpty()) {
                return withdrawn;
            }
            waitingLine.remove(share);
            for (Iterator<Waiting> it = share.line.iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (w.owner() == owner && which.test(w)) {
                    it.remove();
                    waiting--;
                    withdrawn.add(w.job());
                }
            }
            if (!share.line.isEmpty()) {
                waitingLine.add(share);
            }
            forgetIfIdle(share);
        } finally {
            lock.unlock();
        }
        return withdrawn;
    }

    /** Changes the budget; a larger one starts waiting jobs at once, a smaller one lets running jobs end. */
    public void resize(int newMax) {
        if (newMax < 1) {
            throw new IllegalArgumentException("the worker budget must be at least 1, not " + newMax);
        }
        lock.lock();
        try {
            max = newMax;
        } finally {
            lock.unlock();
        }
        startWaiting();
    }

    /** Sets an application's weight (at least 1): its share of the budget against the others' weights. */
    public void weigh(String application, int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("a weight must be at least 1, not " + weight);
        }
        lock.lock();
        try {
            Share share = shares.computeIfAbsent(application, Share::new);
            boolean inLine = waitingLine.remove(share);
            share.weight = weight;
            if (inLine) {
                waitingLine.add(share);
            }
        } finally {
            lock.unlock();
        }
    }

    public int max() {
        lock.lock();
        try {
            return max;
        } finally {
            lock.unlock();
        }
    }

    /** The budget as it is now, the applications by name. */
    public WorkerBudgetStatus usage() {
        lock.lock();
        try {
            List<WorkerBudgetStatus.Share> applications = new ArrayList<>();
            shares.values()
                    .forEach(s -> applications.add(
                            new WorkerBudgetStatus.Share(s.application, s.weight, s.running, s.line.size())));
            applications.sort(Comparator.comparing(WorkerBudgetStatus.Share::application));
            return new WorkerBudgetStatus(max, running, waiting, List.copyOf(applications));
        } finally {
            lock.unlock();
        }
    }

    private void start(Share share, Job job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } finally {
                    ended(share);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(
                    Level.WARNING,
                    "the executor refused a job of " + share.application + "; it does not start here",
                    e);
            ended(share);
            job.notStarted();
        }
    }

    private void ended(Share share) {
        lock.lock();
        try {
            boolean inLine = waitingLine.remove(share);
            share.running--;
            running--;
            if (inLine) {
                waitingLine.add(share);
            }
            forgetIfIdle(share);
        } finally {
            lock.unlock();
        }
        startWaiting();
    }

    /** Starts waiting jobs, the next application's first, while the budget has room. */
    private void startWaiting() {
        while (true) {
            Share share;
            Job job;
            lock.lock();
            try {
                if (running >= max || waitingLine.isEmpty()) {
                    return;
                }
                share = waitingLine.pollFirst();
                job = share.line.poll().job();
                waiting--;
                take(share);
                if (!share.line.isEmpty()) {
                    share.since = ++starts;
                    waitingLine.add(share);
                }
            } finally {
                lock.unlock();
            }
            start(share, job);
        }
    }

    /** The caller holds the lock and the share is not in the waiting line. */
    private void take(Share share) {
        share.running++;
        running++;
    }

    /** An application with nothing running or waiting and the default weight is not kept. */
    private void forgetIfIdle(Share share) {
        if (share.running == 0 && share.line.isEmpty() && share.weight == DEFAULT_WEIGHT) {
            shares.remove(share.application);
        }
    }

    private record Waiting(Object owner, Job job, long since) {}

    /** An application's place in the budget. Mutable: only under the budget's lock, and out of the line while it changes. */
    private static final class Share {
        /** Fewest running for the weight first (a.running / a.weight < b.running / b.weight), then the longest unstarted. */
        static final Comparator<Share> NEXT_FIRST = (a, b) -> {
            int byLoad = Long.compare((long) a.running * b.weight, (long) b.running * a.weight);
            if (byLoad != 0) {
                return byLoad;
            }
            int bySince = Long.compare(a.since, b.since);
            return bySince != 0 ? bySince : a.application.compareTo(b.application);
        };

        final String application;
        final ArrayDeque<Waiting> line = new ArrayDeque<>();
        int weight = DEFAULT_WEIGHT;
        int running;
        long since;

        Share(String application) {
            this.application = application;
        }
    }
}
