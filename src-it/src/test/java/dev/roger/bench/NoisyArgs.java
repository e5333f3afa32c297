package dev.roger.bench;

/**
 * @param enqueuedAtNanos {@code System.nanoTime()} in the server when the job was enqueued
 * @param millis how long the job runs
 * @param quiet a quiet tenant's job (its wait is kept), else the flood's
 */
public record NoisyArgs(long enqueuedAtNanos, int millis, boolean quiet) {}
