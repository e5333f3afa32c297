package dev.roger.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that handle broadcast bus messages: a few, behind a bounded queue. A flood on the bus
 * (anyone with write access to the virtual host can publish to it) costs at most these threads and
 * this queue. What does not fit is dropped: the reload from the database (every 5 s) still applies
 * pauses and drops cancelled jobs when they are dequeued (only a running job whose cancel was dropped
 * runs on), and a call that misses a reply names the instance that did not answer. Blocking instead
 * would stall the AMQP connection's thread that delivers to this instance.
 */
final class BusHandlers {

    static final int THREADS = 4;
    static final int QUEUE = 1000;

    private BusHandlers() {}

    static ThreadPoolExecutor create(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(
                THREADS,
                THREADS,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                threadFactory,
                new DropAndLog(
                        "bus message(s) (pauses and cancels of queued jobs come again from the database;"
                                + " a call misses a reply)",
                        System::nanoTime));
    }
}
