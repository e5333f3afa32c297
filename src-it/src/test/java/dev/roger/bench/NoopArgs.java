package dev.roger.bench;

/** @param enqueuedAtNanos {@code System.nanoTime()} in the server when the job was enqueued */
public record NoopArgs(long enqueuedAtNanos) {}
