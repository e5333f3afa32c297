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

    /** Reservations never confirmed by an instance that is gone (or older than the limit) are released. */
    int recover(long deadBefore, long reservedBefore);
}
