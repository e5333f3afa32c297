package dev.roger.state;

/** What a worker may do with a job that has an execution key. */
public enum ExecutionDecision {
    /** It is the key's oldest job and nobody runs it: run it now. */
    RUN,
    /** An older job of the key comes first: the job is kept in the database until its turn. */
    PARKED,
    /** The same job is running on a live instance (a redelivery): look again a little later. */
    BUSY
}
