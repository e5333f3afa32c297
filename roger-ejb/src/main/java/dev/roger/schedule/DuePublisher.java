package dev.roger.schedule;

import dev.roger.admission.Admission;
import dev.roger.amqp.Broker;
import dev.roger.amqp.PublishLane;
import dev.roger.amqp.PublishRefusedException;
import dev.roger.amqp.Publisher;
import dev.roger.amqp.QueueNames;
import dev.roger.api.BrokerException;
import dev.roger.job.InvalidMessageException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.keys.JobKeys;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import dev.roger.worker.JobRouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Publishes the due jobs a claim holds through the {@link Admission} (a job takes its place behind its
 * execution key when it falls due, not when it was scheduled), all at once, then awaits them, and
 * says what became of each row:
 *
 * <ul>
 *   <li>confirmed by the broker, or parked: the row goes;
 *   <li>refused for itself (no queue of its name, a nack, no confirm in time): the row is tried again
 *       after a backoff of 1, 2, 4 … up to {@link #LONGEST_BACKOFF}, and a row whose queue stays gone
 *       is parked after {@link #NO_ROUTE_ATTEMPTS} tries;
 *   <li>larger than the broker takes ({@code max_message_size}): parked at once. The broker closes the
 *       channel for it, which fails every message then unconfirmed on it, so each of those is published
 *       again alone to find the one;
 *   <li>not published because the broker cannot be reached: the row stays as it is, uncounted (an
 *       outage is no fault of the job's).
 * </ul>
 */
final class DuePublisher {

    private static final Logger LOG = Logger.getLogger(DuePublisher.class.getName());

    /** The longest wait before a row whose publish failed is tried again. */
    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(60);

    /** Tries of a row whose queue is gone before it is parked: about 17 minutes of backoff. */
    static final int NO_ROUTE_ATTEMPTS = 20;

    private final Publisher publisher;
    private final JobCodec codec;
    private final Admission admission;
    private final JobRouting routing;
    private final JobKeys keys;
    private final JobLifecycle lifecycle;

    DuePublisher(
            Publisher publisher,
            JobCodec codec,
            Admission admission,
            JobRouting routing,
            JobKeys keys,
            JobLifecycle lifecycle) {
        this.publisher = publisher;
        this.codec = codec;
        this.admission = admission;
        this.routing = routing;
        this.keys = keys;
        this.lifecycle = lifecycle;
    }

    private record Publish(ScheduledRow row, JobMessage job, byte[] body, CompletableFuture<String> confirmed) {}

    /** What became of a claim's rows. */
    ScheduledStore.Claimed publish(List<ScheduledRow> rows) {
        List<Long> done = new ArrayList<>(rows.size());
        Map<Long, Long> retry = new HashMap<>();
        List<Publish> pending = new ArrayList<>(rows.size());
        for (ScheduledRow row : rows) {
            byte[] body = row.body().getBytes(StandardCharsets.UTF_8);
            JobMessage job;
            try {
                job = codec.decode(body);
            } catch (InvalidMessageException e) {
                park(row, null, body, "a scheduled job that cannot be read back: " + e.getMessage());
                done.add(row.seq());
                continue;
            }
            pending.add(admit(row, job, body));
        }
        long deadline = publisher.deadline();
        List<Publish> closedForSize = new ArrayList<>();
        Failures failures = new Failures();
        for (Publish publish : pending) {
            Optional<RuntimeException> failure = await(publish, deadline);
            if (failure.isEmpty()) {
                done.add(publish.row().seq());
            } else if (Thread.currentThread().isInterrupted()) {
                break;
            } else if (refusal(failure.get()) == PublishRefusedException.Why.CHANNEL_CLOSED_FOR_SIZE) {
                closedForSize.add(publish);
            } else {
                settleFailed(publish, failure.get(), done, retry, failures);
            }
        }
        // one message on the channel was too large: publish each alone to tell which
        for (Publish suspect : closedForSize) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            Publish alone = admit(suspect.row(), suspect.job(), suspect.body());
            Optional<RuntimeException> failure = await(alone, publisher.deadline());
            if (failure.isEmpty()) {
                done.add(alone.row().seq());
            } else if (refusal(failure.get()) == PublishRefusedException.Why.CHANNEL_CLOSED_FOR_SIZE) {
                park(
                        alone.row(),
                        alone.job(),
                        alone.body(),
                        "larger than the broker takes (its max_message_size): " + Broker.reason(failure.get()));
                done.add(alone.row().seq());
            } else {
                settleFailed(alone, failure.get(), done, retry, failures);
            }
        }
        failures.log();
        return new ScheduledStore.Claimed(done, retry);
    }

    private Publish admit(ScheduledRow row, JobMessage job, byte[] body) {
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
        return new Publish(row, job, body, confirmed);
    }

    private Optional<RuntimeException> await(Publish publish, long deadline) {
        try {
            publisher.await(publish.confirmed(), deadline);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }

    /** A row whose publish failed for a reason other than its size: parked, tried again later, or left. */
    private void settleFailed(
            Publish publish, RuntimeException failure, List<Long> done, Map<Long, Long> retry, Failures failures) {
        ScheduledRow row = publish.row();
        if (unreachable(failure)) {
            failures.add(row, failure, "stays until the broker is back");
            return;
        }
        int tries = row.publishFailures() + 1;
        if (refusal(failure) == PublishRefusedException.Why.NO_ROUTE && tries >= NO_ROUTE_ATTEMPTS) {
            park(
                    row,
                    publish.job(),
                    publish.body(),
                    "its queue is gone (" + tries + " tries): " + Broker.reason(failure));
            done.add(row.seq());
            return;
        }
        long backoff = backoff(row.publishFailures()).toMillis();
        retry.put(row.seq(), backoff);
        failures.add(row, failure, "tried again in " + backoff / 1000 + " s");
    }

    /** The wait before the next try of a row whose publish failed {@code failures} times before. */
    static Duration backoff(int failures) {
        return failures >= 6
                ? LONGEST_BACKOFF
                : Duration.ofSeconds(Math.min(1L << failures, LONGEST_BACKOFF.toSeconds()));
    }

    private static PublishRefusedException.Why refusal(Throwable failure) {
        return PublishRefusedException.in(failure).orElse(null);
    }

    private static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BrokerException) {
                return true;
            }
        }
        return false;
    }

    /** Sets the job aside for an operator (with its whole message), gives its keys up, and says so. */
    private void park(ScheduledRow row, JobMessage job, byte[] body, String reason) {
        LOG.warning(() -> "parking " + row.state().storedName() + " job " + row.jobId() + " of "
                + QueueNames.main(row.application(), row.queue()) + ": " + reason);
        routing.toParked(
                row.application(),
                row.queue(),
                new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                        .messageId(row.jobId())
                        .build(),
                body,
                reason);
        if (job != null) {
            keys.giveUp(row.application(), job);
            lifecycle.change(JobChange.of(row.application(), row.queue(), job, row.state(), JobState.PARKED)
                    .withReason(reason));
        }
    }

    /** The failed publishes of one claim, logged in one line. */
    private static final class Failures {
        private int count;
        private String first;

        void add(ScheduledRow row, Throwable failure, String then) {
            count++;
            if (first == null) {
                first = "job " + row.jobId() + " to " + QueueNames.main(row.application(), row.queue()) + ": "
                        + failure.getMessage() + "; " + then;
            }
        }

        void log() {
            if (count > 0) {
                int n = count;
                String line = first;
                LOG.warning(() -> n + " due job(s) could not be published (first: " + line + ")");
            }
        }
    }
}
