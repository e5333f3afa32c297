package dev.roger.keys;

import java.util.List;
import java.util.Optional;

/**
 * Execution keys: jobs with the same key run one at a time, cluster-wide, in the order they were
 * enqueued. Each such job has a row, numbered at enqueue; only the key's oldest row may run. A job
 * delivered before its turn waits in its row (body included) and acknowledged; when the running
 * job finishes, the next row is handed back to the broker. Every decision holds the lock of the
 * key's own row, so a job can never start waiting just after its predecessor finished and be left
 * there with nobody to hand it on, and a head left waiting by a crash is republished by {@link #stalledHeads}.
 */
public interface ExecutionKeyStore {

    /** Takes the job's place in line, before its message is published; a job in line already keeps its place. */
    void register(String application, String queue, String key, String jobId, String instance);

    void confirm(String application, String jobId);

    /** The publish failed: the job gives its place up (and a job waiting behind it may now run). */
    Optional<HeldJob> unregister(String application, String key, String jobId);

    /**
     * Decides whether a delivered job runs now. A job without a row (published by hand, or delivered
     * again after it finished) joins the end of the line: at-least-once, never dropped. The caller
     * guarantees that no other worker of {@code instance} is deciding on or running the same job.
     */
    ExecutionDecision tryStart(
            String application, String queue, String key, String jobId, String instance, String body, long aliveSince);

    /** The job waits (a retry of a strict-order type, a stop): it keeps its place in line, and its redelivery runs it. */
    void requeued(String application, String jobId);

    /** The job left for good: frees its place and returns the next job if it waits and must be republished. */
    Optional<HeldJob> finish(String application, String key, String jobId);

    /** The next job's message is with the broker again. */
    void republished(String application, String jobId);

    /** Heads left waiting for their key, or republished long ago without confirmation (a crash in between): publish them again. */
    List<HeldJob> stalledHeads(long republishingBefore);

    /** At start: jobs this instance ran in an earlier life are no longer running; their redelivery runs them. */
    int resetRunningOf(String instance);

    /** Places taken by an instance that died (or restarted) before publishing are given up; a live one settles its own. */
    int recover(long deadBefore);

    /** Whether any job with the key is in line: queued, waiting for its turn or running. */
    boolean inLine(String application, String key);
}
