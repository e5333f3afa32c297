package dev.roger.keys;

/** What a worker may do with a job that has an execution key. */
public enum ExecutionDecision {
    /** It is the key's oldest job and nobody runs it: run it now. */
    RUN,
    /**
     * An older job of the key comes first: the job waits in its row, body included, until its turn
     * (stored as state {@code waiting_for_key}, see {@code JobState.WAITING_FOR_KEY}).
     */
    WAIT_FOR_KEY,
    /** The same job is running on a live instance (a redelivery): look again a little later. */
    BUSY
}
