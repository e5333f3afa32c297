package dev.roger.records;

import dev.roger.api.JobRecord;
import dev.roger.config.RecordSettings;
import dev.roger.job.JobIds;
import dev.roger.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A job's record as an instance answers for it: the database's, with what this instance has not
 * written yet laid over it, or, for a job with neither, what its id says.
 */
final class RecordLookup {

    private final RecordStore store;
    private final RecordWriter writer;
    private final RecordSettings settings;
    private final JobIds ids;

    RecordLookup(RecordStore store, RecordWriter writer, RecordSettings settings, JobIds ids) {
        this.store = store;
        this.writer = writer;
        this.settings = settings;
        this.ids = ids;
    }

    /**
     * How long a job Roger issued an id for may have no record in the database while it lives: a change
     * is held up to {@link RecordWriter#HOLD}, then written within about a second (more while the
     * database is slow), and clocks of instances differ a little.
     */
    static final Duration QUEUED_WITHOUT_RECORD = RecordWriter.HOLD.plusSeconds(5);

    /**
     * The record, with what this instance has not written yet laid over what the database holds. A job
     * with neither, whose id an instance issued less than {@link #QUEUED_WITHOUT_RECORD} ago (and less
     * than records are kept), is queued since that time: its enqueue's change is held on the instance
     * that made it.
     */
    Optional<JobRecord> find(String application, String jobId) {
        Optional<RecordChange> unwritten = writer.unwritten(application, jobId);
        Optional<JobRecord> stored = store.find(application, jobId);
        if (unwritten.isPresent()) {
            return Optional.of(overlay(stored.orElse(null), unwritten.get()));
        }
        if (stored.isPresent()) {
            return stored;
        }
        return ids.issuedAt(application, jobId)
                .filter(issued -> issued.isAfter(Instant.now().minus(queuedWithoutRecord())))
                .map(issued -> queuedSince(application, jobId, issued));
    }

    /**
     * At most as long as records are kept: a record the clean-up deleted ended at least that long
     * after its id was issued, so its id is never taken for a queued job's.
     */
    private Duration queuedWithoutRecord() {
        Duration window = QUEUED_WITHOUT_RECORD;
        for (Duration keep : List.of(settings.keepSucceeded(), settings.keepFailed())) {
            if (keep.compareTo(window) < 0) {
                window = keep;
            }
        }
        return window;
    }

    private static JobRecord queuedSince(String application, String jobId, Instant issued) {
        return new JobRecord(
                jobId,
                application,
                null,
                null,
                "queued",
                issued,
                null,
                null,
                null,
                0,
                null,
                null,
                null,
                null,
                null,
                -1,
                null,
                issued);
    }

    /** As the database will apply the change: forward only, so a change behind the stored record only fills in. */
    private static JobRecord overlay(JobRecord stored, RecordChange c) {
        if (stored != null && !c.reopen() && c.rank() < rank(stored)) {
            return fillIn(stored, c);
        }
        return new JobRecord(
                c.jobId(),
                c.application(),
                or(c.queue(), stored == null ? null : stored.queue()),
                or(c.type(), stored == null ? null : stored.type()),
                JobState.fromStoredName(c.state()).name().toLowerCase(Locale.ROOT),
                time(c.enqueuedAt(), stored == null ? null : stored.enqueuedAt()),
                time(c.dueAt(), stored == null ? null : stored.dueAt()),
                time(c.startedAt(), stored == null ? null : stored.startedAt()),
                time(c.finishedAt(), stored == null ? null : stored.finishedAt()),
                c.attempt() != null ? c.attempt() : stored == null ? 0 : stored.attempt(),
                or(c.instance(), stored == null ? null : stored.instance()),
                or(c.lastError(), stored == null ? null : stored.lastError()),
                or(c.errorStack(), stored == null ? null : stored.errorStack()),
                or(c.result(), stored == null ? null : stored.result()),
                or(c.args(), stored == null ? null : stored.args()),
                c.progress() != null ? c.progress() : stored == null ? -1 : stored.progress(),
                or(c.progressMessage(), stored == null ? null : stored.progressMessage()),
                Instant.ofEpochMilli(c.updatedAt()));
    }

    private static long rank(JobRecord record) {
        return Ranks.of(JobState.valueOf(record.state().toUpperCase(Locale.ROOT)), record.attempt());
    }

    /** The stored record ahead of what this instance holds (another instance ran the job on): it only fills in. */
    private static JobRecord fillIn(JobRecord stored, RecordChange c) {
        return new JobRecord(
                stored.id(),
                stored.application(),
                or(stored.queue(), c.queue()),
                or(stored.type(), c.type()),
                stored.state(),
                or(stored.enqueuedAt(), time(c.enqueuedAt(), null)),
                or(stored.dueAt(), time(c.dueAt(), null)),
                or(stored.startedAt(), time(c.startedAt(), null)),
                or(stored.finishedAt(), time(c.finishedAt(), null)),
                stored.attempt(),
                or(stored.instance(), c.instance()),
                or(stored.lastError(), c.lastError()),
                or(stored.errorStack(), c.errorStack()),
                or(stored.result(), c.result()),
                or(stored.args(), c.args()),
                stored.progress(),
                or(stored.progressMessage(), c.progressMessage()),
                stored.updatedAt());
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static Instant time(Long millis, Instant fallback) {
        return millis != null ? Instant.ofEpochMilli(millis) : fallback;
    }
}
