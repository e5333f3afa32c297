package dev.roger.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that handle broadcast bus messages: a few, behind a bounded queue. A flood on the bus
 * (anyone with write access to the virtual host can publish to it) costs at most these threads and
 * this queue; what does not fit is dropped, which is safe: every instance reloads cancels and pauses
 * from the database within seconds, and a call that misses a reply names the instance that did not answer.
 */
final class BusHandlers {

    static final int THREADS = 4;
    static final int QUEUE = 1000;

    private BusHandlers() {
    }

    static ThreadPoolExecutor create(ThreadFactory threadFactory) {
        return new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), threadFactory,
                new DropAndLog("bus message(s) (cancels and pauses come again from the database; a call misses a reply)",
                        System::nanoTime));
    }
}
