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

    /**
     * Deletes up to {@code limit} records that ended before the given times: those that succeeded (or
     * were cancelled) before {@code succeededBefore}, the rest (failed, buried, parked) before
     * {@code failedBefore}. Returns how many went.
     */
    int deleteEnded(long succeededBefore, long failedBefore, int limit);
}
