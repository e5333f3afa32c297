package dev.roger.keys;

/**
 * Queue keys: while a job with a key is queued (or running, or waiting to retry) no other job of the
 * application may take the same key. The primary key makes the check and the reservation one atomic
 * insert. A reservation whose publish never completed (the instance died in between) is recovered.
 */
public interface QueueKeyStore {

    /** False when the key is taken. */
    boolean reserve(String application, String queue, String key, String jobId, String instance);

    /** The job's message is with the broker: the key stays until the job leaves for good. */
    void confirm(String application, String key, String jobId);

    /** Releases the key if this job still holds it. */
    void release(String application, String key, String jobId);

    /**
     * Reservations never confirmed are released when the instance that made them is gone (silent since
     * {@code deadBefore}) or was restarted since: a live instance settles its own (it retries the confirm
     * or the release until the database takes it), so no timer releases the key of a job still queued.
     */
    int recover(long deadBefore);
}
