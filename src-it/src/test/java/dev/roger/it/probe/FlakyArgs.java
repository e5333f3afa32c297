package dev.roger.it.probe;

/** Args of the flaky job: it fails its first {@code failures} attempts for {@code key}. */
public record FlakyArgs(String key, int failures) {}
