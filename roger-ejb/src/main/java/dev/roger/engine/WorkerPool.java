package dev.roger.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Roger's own threads, made by the server's ManagedThreadFactory, so they carry the deployment's
 * context (class loader, JNDI, CDI). A server's default ManagedExecutorService is no good for jobs:
 * Payara's runs only its core pool (a handful of threads) and queues the rest, which would cap every
 * queue's concurrency.
 */
final class WorkerPool {

    private static final long IDLE_SECONDS = 60;

    private WorkerPool() {}

    /**
     * The threads jobs run on: at most the worker budget's, and no more than the jobs running need. A
     * job goes to an idle thread if one waits, else to a new thread while the pool is under the budget,
     * else to the queue: a job that ends hands its place in the budget on while its thread is still busy,
     * and the next job waits there for that thread instead of starting one more (a pool that grew on
     * demand ran a budget of 4 on 8 threads). Idle threads go after a minute.
     */
    static ThreadPoolExecutor forJobs(ThreadFactory threadFactory, int budget) {
        IdleThreadFirst queue = new IdleThreadFirst();
        return new ThreadPoolExecutor(0, budget, IDLE_SECONDS, TimeUnit.SECONDS, queue, threadFactory, (job, pool) -> {
            if (pool.isShutdown()) {
                throw new RejectedExecutionException("the jobs' threads are shut down");
            }
            queue.queue(job);
        });
    }

    /** Follows a new worker budget. */
    static void resize(ThreadPoolExecutor pool, int budget) {
        pool.setMaximumPoolSize(budget);
    }

    /**
     * Takes a job only when an idle thread takes it at once, so the pool starts a new thread otherwise
     * (up to its maximum); past the maximum the pool's handler queues it.
     */
    private static final class IdleThreadFirst extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable job) {
            return tryTransfer(job);
        }

        /** Queues the job for the next thread that comes free. */
        void queue(Runnable job) {
            super.offer(job);
        }
    }

    /** For Roger's own work besides jobs (the drains of stopping queues): grows as needed, idle threads go after a minute. */
    static ExecutorService create(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory);
    }
}
