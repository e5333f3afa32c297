package dev.roger.api;

/**
 * How this instance's job records fare: written, waiting to be written, and dropped (the buffer was
 * full while the database was away, or they were left at shutdown). Jobs never wait for records.
 */
public record RecordsStatus(long written, int waiting, long dropped) {}
