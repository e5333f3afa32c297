package dev.roger.it.probe;

/**
 * Args of the current-job probe.
 *
 * @param gate the gate the test opens, one step at a time
 * @param steps how many steps the job reports, waiting at the gate after each
 * @param failedRuns how many runs fail (after reporting) before one succeeds
 */
public record CurrentJobArgs(String gate, int steps, int failedRuns) {}
