package dev.roger.state;

/** A job that waited for its execution key and whose turn has come: publish it to its queue again. */
public record ParkedJob(String application, String queue, String jobId, String body) {
}
