package dev.roger.schedule;

import dev.roger.admission.Admission;
import dev.roger.amqp.PublishLane;
import dev.roger.amqp.Publisher;
import dev.roger.amqp.QueueNames;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import dev.roger.worker.JobRouting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Publishes the due jobs a claim holds through the {@link Admission} (a job takes its place behind its
 * execution key when it falls due, not when it was scheduled), all at once, then awaits them. Only the jobs the broker confirmed are returned, so only their rows go.
 */
final class DuePublisher {

    private static final Logger LOG = Logger.getLogger(DuePublisher.class.getName());

    private final Publisher publisher;
    private final JobCodec codec;
    private final Admission admission;
    private final JobRouting routing;

    DuePublisher(Publisher publisher, JobCodec codec, Admission admission, JobRouting routing) {
        this.publisher = publisher;
        this.codec = codec;
        this.admission = admission;
        this.routing = routing;
    }

    private record Publish(ScheduledRow row, JobMessage job, CompletableFuture<String> confirmed) {}

    /** The seqs of the rows whose job the broker now holds (or that were set aside as unreadable). */
    List<Long> publish(List<ScheduledRow> rows) {
        List<Long> done = new ArrayList<>(rows.size());
        List<Publish> pending = new ArrayList<>(rows.size());
        for (ScheduledRow row : rows) {
            byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
            JobMessage job;
            try {
                job = codec.decode(body);
            } catch (InvalidMessageException e) {
                park(row, body, "a scheduled job that cannot be read back: " + e.getMessage());
                done.add(row.seq());
                continue;
            }
            CompletableFuture<String> confirmed;
            try {
                confirmed = admission.admit(
                        PublishLane.DUE,
                        Admission.Keys.DUE,
                        JobChange.of(row.application(), row.queue(), job, row.state(), JobState.QUEUED),
                        body);
            } catch (RuntimeException e) {
                confirmed = CompletableFuture.failedFuture(e);
            }
            pending.add(new Publish(row, job, confirmed));
        }
        long deadline = publisher.deadline();
        int failed = 0;
        String firstFailure = null;
        for (Publish publish : pending) {
            try {
                publisher.await(publish.confirmed(), deadline);
                done.add(publish.row().seq());
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                failed++;
                if (firstFailure == null) {
                    Throwable cause = e;
                    firstFailure = "job " + publish.row().jobId() + " to "
                            + QueueNames.main(
                                    publish.row().application(), publish.row().queue()) + ": " + cause.getMessage();
                }
            }
        }
        if (failed > 0) {
            int count = failed;
            String first = firstFailure;
            LOG.warning(() ->
                    count + " due job(s) could not be published and wait for the next try (first: " + first + ")");
        }
        return done;
    }

    private void park(ScheduledRow row, byte[] body, String reason) {
        LOG.warning(() -> "parking scheduled job " + row.jobId() + " of " + row.application() + ": " + reason);
        routing.toParked(
                row.application(),
                row.queue(),
                new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                        .messageId(row.jobId())
                        .build(),
                body,
                reason);
    }
}
