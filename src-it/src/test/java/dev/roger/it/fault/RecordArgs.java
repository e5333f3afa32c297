package dev.roger.it.fault;

/** @param n the job's number in its run */
public record RecordArgs(String run, int n) {
}
