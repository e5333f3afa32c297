package dev.roger.it.fault;

/**
 * @param n the job's number in its run
 * @param queueKey the job's queue key, or null
 * @param executionKey the job's execution key, or null
 */
public record RecordArgs(String run, int n, String queueKey, String executionKey) {
    // one constructor only: JSON-B cannot choose between two
}
