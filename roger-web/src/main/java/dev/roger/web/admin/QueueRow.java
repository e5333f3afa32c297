package dev.roger.web.admin;

/**
 * One queue of one application on one instance, as the overview table shows it.
 *
 * @param purge the latest purge of the queue on any instance in the last minutes, as the table says it
 *     ("purging 10 of 200", "purged 200"), empty when none
 * @param rateLimit the queue's and its application's rate limits and the deliveries waiting for them
 *     ("5/s, 3 waiting", "application 100/s"), empty when none
 */
public record QueueRow(
        String instance,
        String application,
        String state,
        String queue,
        int concurrency,
        boolean paused,
        long messages,
        long consumers,
        int running,
        long processed,
        long failed,
        String purge,
        String rateLimit) {}
