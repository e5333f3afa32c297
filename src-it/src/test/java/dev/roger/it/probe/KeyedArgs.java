package dev.roger.it.probe;

/** Args of the keyed flaky jobs: fails its first {@code failures} attempts for {@code key}; both keys optional. */
public record KeyedArgs(String key, int failures, String executionKey, String queueKey) {}
