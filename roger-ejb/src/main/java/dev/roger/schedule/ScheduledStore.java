package dev.roger.schedule;

import dev.roger.job.JobState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Jobs that wait until they are due, in the shared database: they cost no server memory, outlive every
 * instance, and any instance may publish them. Due times are compared on the database's clock, so
 * instances whose clocks differ agree on what is due.
 */
public interface ScheduledStore {

    /** The database's clock, in epoch milliseconds. */
    long now();

    /**
     * Stores the job, due {@code delayMillis} after the database's now when {@code row.dueAt()} is
     * negative, else at {@code row.dueAt()}; returns its due time. Rows are per job and attempt: the
     * same attempt stored again keeps its first row (a redelivered failure schedules its retry once),
     * and its due time is returned.
     */
    long add(ScheduledRow row, long delayMillis);

    /**
     * What a claim's publish made of its rows: the rows in {@code done} are deleted (published, or
     * parked); each row in {@code retryInMillis} is due again that many milliseconds after the
     * database's now, with its publish failures counted; the others stay as they were.
     */
    record Claimed(Collection<Long> done, Map<Long, Long> retryInMillis) {

        public Claimed {
            done = List.copyOf(done);
            retryInMillis = Map.copyOf(retryInMillis);
        }

        /** Every row in {@code seqs} is done, no other row is touched. */
        public static Claimed done(Collection<Long> seqs) {
            return new Claimed(seqs, Map.of());
        }
    }

    /**
     * Claims up to {@code limit} due jobs, oldest due first but at most {@code perApplication} of one
     * application (so one application's backlog never heads the line for the others), skipping rows
     * another instance holds, and gives them to {@code publish} while their rows are locked. Its
     * answer is applied in the same transaction: a crash after the publish and before the commit
     * leaves the rows, so a job is published again (a duplicate, never a loss). Returns how many were
     * claimed.
     */
    int claimDue(int limit, int perApplication, Function<List<ScheduledRow>, Claimed> publish);

    /** The earliest due time, if any job waits, and the database's now, read together. */
    record Next(OptionalLong dueAt, long now) {}

    Next next();

    /**
     * Removes the job (every attempt of it that waits) and returns it; empty when no such job waits as
     * {@code kind} ({@link JobState#SCHEDULED} or {@link JobState#RETRYING}; null: either).
     */
    Optional<ScheduledRow> remove(String application, String jobId, JobState kind);

    /**
     * Moves the due time of the job that waits as {@code kind} (as in {@link #remove}); a negative
     * {@code dueAt} means the database's now. False when no such job waits.
     */
    boolean move(String application, String jobId, JobState kind, long dueAt);

    /** Makes every waiting job of the kind due now; returns how many. */
    int dueNow(String application, JobState state);

    /** The application's waiting jobs of the kind, soonest due first. */
    List<ScheduledRow> list(String application, JobState state, int offset, int limit);

    long count(String application, JobState state);

    Optional<ScheduledRow> find(String application, String jobId);
}
