package dev.roger.bench;

/** @param dueAtMillis when the job was scheduled to fall due, in epoch milliseconds */
public record LateArgs(long dueAtMillis) {}
