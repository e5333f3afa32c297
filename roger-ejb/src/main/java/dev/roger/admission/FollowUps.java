package dev.roger.admission;

import dev.roger.api.EnqueueFailedException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the database bookkeeping of keyed jobs after the broker's confirm, on a few threads.
 *
 * <p>Back-pressure, not rejection: the enqueuing thread takes a place ({@link #reserve}) before it
 * publishes, and waits for one when all are taken. The queue holds as many tasks as there are places,
 * so a follow-up with a place is never rejected and never lost. Running it on the caller instead
 * (CallerRunsPolicy) would run it on the thread that completes the confirm: the AMQP connection's
 * confirm listener, where a slow database would hold up every confirm of the connection.
 */
public final class FollowUps implements Executor {

    static final int THREADS = 4;
    static final int PLACES = 1000;

    private final Semaphore places;
    private final ThreadPoolExecutor pool;

    public FollowUps(ThreadFactory threadFactory) {
        this(threadFactory, THREADS, PLACES);
    }

    FollowUps(ThreadFactory threadFactory, int threads, int places) {
        this.places = new Semaphore(places);
        // AbortPolicy: with the queue as large as the places, only a shut-down pool refuses
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(places),
                threadFactory,
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Takes a place for one follow-up, waiting at most the timeout; then exactly one {@link #execute}
     * or {@link #release} must follow.
     *
     * @throws EnqueueFailedException when none frees up in time
     */
    void reserve(long timeout, TimeUnit unit) {
        try {
            if (!places.tryAcquire(timeout, unit)) {
                throw new EnqueueFailedException(PLACES_TAKEN, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnqueueFailedException(
                    "interrupted while waiting for a place among the unconfirmed keyed jobs", e);
        }
    }

    static final String PLACES_TAKEN = "too many keyed jobs wait for their confirm; try again later";

    /** Gives back a place no follow-up will use (the publish failed before it). */
    void release() {
        places.release();
    }

    /** Runs a follow-up that holds a place; the place frees when it has run. */
    @Override
    public void execute(Runnable followUp) {
        pool.execute(() -> {
            try {
                followUp.run();
            } finally {
                places.release();
            }
        });
    }

    /** Lets the queued follow-ups run, waiting at most the timeout. */
    public void shutdown(long timeout, TimeUnit unit) {
        pool.shutdown();
        try {
            pool.awaitTermination(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
