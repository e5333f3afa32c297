package dev.roger.records;

import dev.roger.api.JobQuery;
import dev.roger.api.JobRecord;
import dev.roger.api.Page;
import dev.roger.api.RecordsStatus;
import dev.roger.cluster.LeaseStore;
import dev.roger.config.RecordSettings;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobMessage;
import dev.roger.lifecycle.JobChange;
import dev.roger.lifecycle.JobListener;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Every job's record, from its enqueue or schedule to its end. The engine reports each step here; the
 * changes are written in batches by a {@link RecordWriter}, so a job never waits for the database.
 * A record is visible on the instance that made the change at once, and on the others once its batch
 * is written (within about {@link RecordWriter#LINGER} plus the write, or {@link RecordWriter#HOLD}
 * for a change that does not end its job).
 */
public final class JobRecords implements JobListener, AutoCloseable {

    /** How long a job whose id Roger issued may read as queued without a record (see {@link RecordLookup}). */
    static final Duration QUEUED_WITHOUT_RECORD = RecordLookup.QUEUED_WITHOUT_RECORD;

    private final RecordStore store;
    private final RecordSettings settings;
    private final RecordWriter writer;
    private final JobRecorder recorder;
    private final RecordLookup lookup;
    private final RecordRetention retention;

    public JobRecords(
            RecordStore store,
            LeaseStore leases,
            RecordSettings settings,
            String instance,
            ArgsCodec argsCodec,
            JobIds ids,
            ThreadFactory threads,
            ScheduledExecutorService timer) {
        this.store = store;
        this.settings = settings;
        this.writer = new RecordWriter(store, settings.buffer(), threads);
        this.recorder = new JobRecorder(settings, instance, writer, argsCodec);
        this.lookup = new RecordLookup(store, writer, settings, ids);
        this.retention = new RecordRetention(store, leases, settings, instance, timer);
    }

    public void start() {
        writer.start();
        retention.start();
    }

    public boolean isOn(String application) {
        return settings.isOn(application);
    }

    /** Writes what the change tells of the job into its record (nothing for an application with records off). */
    @Override
    public void changed(JobChange change) {
        recorder.changed(change);
    }

    /** Progress a running job reported. */
    public void progress(String application, String queue, JobMessage job, int percent, String message) {
        recorder.progress(application, queue, job, percent, message);
    }

    /** The record as this instance knows it (see {@link RecordLookup#find}). */
    public Optional<JobRecord> find(String application, String jobId) {
        return lookup.find(application, jobId);
    }

    public Page<JobRecord> list(String application, JobQuery query, int offset, int limit) {
        JobQuery q = query == null ? JobQuery.ALL : query;
        List<JobRecord> items = store.list(application, q.state(), q.queue(), q.type(), offset, limit);
        return new Page<>(items, offset, store.count(application, q.state(), q.queue(), q.type()));
    }

    /** The message of a job that failed for good, for an operator's retry. */
    public Optional<String> failedBody(String application, String jobId) {
        return store.failedBody(application, jobId);
    }

    /** Written, dropped (buffer full, or left at shutdown) and waiting changes on this instance. */
    public RecordsStatus status() {
        RecordWriter.Counts counts = writer.counts();
        return new RecordsStatus(counts.written(), counts.waiting(), counts.dropped());
    }

    @Override
    public void close() {
        retention.close();
        writer.close();
    }
}
