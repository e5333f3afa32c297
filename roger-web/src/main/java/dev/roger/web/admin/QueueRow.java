package dev.roger.web.admin;

/** One queue of one application on one instance, as the overview table shows it. */
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
        long failed) {}
