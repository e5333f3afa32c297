package dev.roger.it.probe;

/** Args of the keyed flaky jobs: fails its first {@code failures} attempts for {@code key}. */
public record KeyedArgs(String key, int failures, String executionKey) {}
