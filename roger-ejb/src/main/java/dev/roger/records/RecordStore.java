package dev.roger.records;

import dev.roger.api.JobRecord;
import java.util.List;
import java.util.Optional;

/** Job records in the shared database, written in batches off the job's path. */
public interface RecordStore {

    /** Applies the changes in one transaction (each as {@link RecordChange#then} describes). */
    void write(List<RecordChange> changes);

    Optional<JobRecord> find(String application, String jobId);

    /** The application's records, latest change first; a null filter matches every record. */
    List<JobRecord> list(String application, String state, String queue, String type, int offset, int limit);

    long count(String application, String state, String queue, String type);

    /** The message of a job that failed for good, kept so an operator can run it again. */
    Optional<String> failedBody(String application, String jobId);

    /** Times before which records expire, by kind of state, in epoch milliseconds. */
    record Expiry(long succeededBefore, long failedBefore, long unfinishedBefore) {}

    /** How many records a batch deleted, and the application the next batch starts at (null: the pass is over). */
    record Deleted(int count, String nextApplication) {}

    /**
     * Deletes up to {@code limit} expired records, application by application from {@code
     * fromApplication} on ({@code ""}: the first): those that succeeded (or were cancelled) before
     * {@code succeededBefore}, those that failed, were buried or parked before {@code failedBefore}, and
     * those that never ended (their end was lost) untouched since {@code unfinishedBefore}. A pass
     * passes each application once, batch after batch.
     */
    Deleted deleteExpired(String fromApplication, Expiry expiry, int limit);
}
