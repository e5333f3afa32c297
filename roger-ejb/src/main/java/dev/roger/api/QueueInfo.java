package dev.roger.api;

/**
 * One queue of an application on this instance.
 *
 * @param paused whether the queue is paused cluster-wide
 * @param messages jobs waiting in the broker (-1 when the broker cannot be asked)
 * @param consumers consumers of the queue over the whole cluster (-1 when unknown)
 * @param running jobs of this queue running on this instance now
 * @param processed jobs this instance finished successfully since it started
 * @param failed job runs that failed on this instance since it started
 * @param rateLimit the queue's own rate limit ({@code 5/s}), cluster-wide; {@code null} when it has none
 * @param waitingForRate deliveries waiting here for a start of the queue's or the application's rate limit
 */
public record QueueInfo(
        String name,
        String brokerQueue,
        int concurrency,
        boolean paused,
        long messages,
        long consumers,
        int running,
        long processed,
        long failed,
        String rateLimit,
        int waitingForRate) {}
