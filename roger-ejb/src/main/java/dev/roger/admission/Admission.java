package dev.roger.admission;

import dev.roger.amqp.PublishLane;
import dev.roger.amqp.Publisher;
import dev.roger.amqp.QueueNames;
import dev.roger.api.BrokerException;
import dev.roger.api.EnqueueFailedException;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.keys.JobKeys;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobLifecycle;
import dev.roger.logging.LogBudget;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The one admission of a job to its queue: its keys are taken, its message is published and
 * confirmed, then its keys are confirmed and its change (to {@code queued}) goes to the lifecycle;
 * when the broker does not take it, its keys are given back. The key bookkeeping of a keyed job talks
 * to the database, so it runs on the {@link FollowUps}, never on the AMQP client's confirm thread.
 */
public final class Admission {

    /** What a job's keys do around its publish. */
    public enum Keys {
        /**
         * A job new to its queue (enqueued, requeued by an operator, fired by a schedule): it reserves
         * its queue key and takes its place behind its execution key; both are given back when the
         * publish fails.
         */
        NEW {
            @Override
            void take(JobKeys keys, String application, String queue, JobMessage job) {
                keys.reserve(application, queue, job);
            }

            @Override
            void confirm(JobKeys keys, String application, JobMessage job) {
                keys.confirm(application, job);
            }

            @Override
            void giveBack(JobKeys keys, String application, JobMessage job) {
                keys.giveBack(application, job);
            }
        },
        /**
         * A scheduled job or a retry that fell due: its queue key is held since it was stored; it takes
         * its execution key's turn now and keeps it when the publish fails (its row stays, and is
         * published again).
         */
        DUE {
            @Override
            void take(JobKeys keys, String application, String queue, JobMessage job) {
                keys.takeTurn(application, queue, job);
            }

            @Override
            void confirm(JobKeys keys, String application, JobMessage job) {
                keys.confirmTurn(application, job);
            }

            @Override
            void giveBack(JobKeys keys, String application, JobMessage job) {
                // the row stays and its next publish takes the same turn
            }
        };

        abstract void take(JobKeys keys, String application, String queue, JobMessage job);

        abstract void confirm(JobKeys keys, String application, JobMessage job);

        abstract void giveBack(JobKeys keys, String application, JobMessage job);
    }

    private static final Logger LOG = Logger.getLogger(Admission.class.getName());

    private final Publisher publisher;
    private final JobCodec codec;
    private final JobKeys keys;
    private final JobLifecycle lifecycle;
    private final FollowUps followUps;
    private final ScheduledExecutorService later;
    /** At most a line a minute: in a database outage every keyed enqueue fails its confirm. */
    private final LogBudget keyWarnings = LogBudget.perWindow(Duration.ofMinutes(1));

    /** {@code later}: where a keys' confirm the database failed is tried again. */
    public Admission(
            Publisher publisher,
            JobCodec codec,
            JobKeys keys,
            JobLifecycle lifecycle,
            FollowUps followUps,
            ScheduledExecutorService later) {
        this.publisher = publisher;
        this.codec = codec;
        this.keys = keys;
        this.lifecycle = lifecycle;
        this.followUps = followUps;
        this.later = later;
    }

    /** {@link #admit(PublishLane, Keys, JobChange, byte[])} with the job's message encoded here. */
    public CompletableFuture<String> admit(PublishLane lane, Keys step, JobChange change) {
        return admit(lane, step, change, codec.encode(change.job()));
    }

    /**
     * Admits the job of {@code change} (whose {@code to} is queued) with {@code body} as its message;
     * throws at once when it cannot be published (keys given back), else completes with its id once
     * the broker confirmed it and the change was announced, or fails with what refused it.
     */
    public CompletableFuture<String> admit(PublishLane lane, Keys step, JobChange change, byte[] body) {
        JobMessage job = change.job();
        String application = change.application();
        String queue = change.queue();
        boolean keyed = job.queueKey() != null || job.executionKey() != null;
        if (keyed) {
            // back-pressure: waits here, on the admitting thread, while too many follow-ups are pending
            followUps.reserve(publisher.confirmTimeout().toSeconds(), TimeUnit.SECONDS);
        }
        CompletableFuture<Void> confirmed;
        try {
            step.take(keys, application, queue, job);
            try {
                confirmed = publisher.publish(
                        lane, QueueNames.main(application, queue), codec.properties(job, application), body);
            } catch (IllegalStateException | BrokerException e) {
                giveBackKeys(step, application, job);
                throw new EnqueueFailedException("cannot publish: " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            if (keyed) {
                followUps.release();
            }
            throw e;
        }
        if (!keyed) {
            // the same failure as a keyed job's: EnqueueFailedException
            return confirmed.handle((ignored, error) -> {
                if (error != null) {
                    throw refused(error);
                }
                lifecycle.change(change);
                return job.id();
            });
        }
        return confirmed.handleAsync(
                (ignored, error) -> {
                    if (error != null) {
                        giveBackKeys(step, application, job);
                        throw refused(error);
                    }
                    untilStored("confirm", () -> step.confirm(keys, application, job), application, job, 0);
                    lifecycle.change(change);
                    return job.id();
                },
                followUps);
    }

    /** The longest wait between two tries of a keys' confirm the database failed. */
    static final long LONGEST_CONFIRM_PAUSE_MILLIS = 30_000;

    private void giveBackKeys(Keys step, String application, JobMessage job) {
        untilStored("release", () -> step.giveBack(keys, application, job), application, job, 0);
    }

    /**
     * A change to a job's keys that must reach the database: the confirm of the keys of a job the broker
     * has (the job is enqueued all the same: it is never reported as failed), or the release of the keys
     * of one it refused. When the database fails, the change is tried again, 1, 2, 4 … up to 30 s apart,
     * until the database takes it, so the keys follow the job (the recovery releases only the keys of
     * instances that are gone). Both change only the job's own rows, and a confirm only from reserved,
     * so a late one never undoes a later step.
     */
    private void untilStored(String what, Runnable change, String application, JobMessage job, int failures) {
        try {
            change.run();
            if (failures > 0) {
                LOG.info(() ->
                        "the keys of job " + job.id() + ": " + what + " stored after " + failures + " failed tries");
            }
        } catch (RuntimeException e) {
            if (failures == 0 && keyWarnings.tryLog()) {
                LOG.warning(() -> "could not " + what + " the keys of job " + job.id() + " of " + application + " ("
                        + e.getMessage() + "); tried again until the database takes it"
                        + ("confirm".equals(what) ? " (the broker has the job: it is enqueued)" : ""));
            }
            long pause = Math.min(LONGEST_CONFIRM_PAUSE_MILLIS, 1_000L << Math.min(failures, 15));
            try {
                later.schedule(
                        () -> untilStored(what, change, application, job, failures + 1), pause, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                LOG.warning(() -> "shutting down: the keys of job " + job.id()
                        + " stay as they are until this instance starts again or the others find it gone");
            }
        }
    }

    private static RuntimeException refused(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RuntimeException r
                ? r
                : new EnqueueFailedException("the broker did not take the job: " + cause.getMessage(), cause);
    }
}
