package dev.roger.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads jobs run on: made by the server's ManagedThreadFactory, so they carry the
 * deployment's context (class loader, JNDI, CDI). A server's default ManagedExecutorService is no
 * good here: Payara's runs only its core pool (a handful of threads) and queues the rest, which would
 * cap every queue's concurrency. This pool grows as needed; the worker budget ({@code roger.workers.max})
 * is what bounds it, and idle threads go after a minute.
 */
final class WorkerPool {

    private static final long IDLE_SECONDS = 60;

    private WorkerPool() {}

    static ExecutorService create(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(
                0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), threadFactory);
    }
}
