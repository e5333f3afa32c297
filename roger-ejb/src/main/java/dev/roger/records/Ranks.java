package dev.roger.records;

import dev.roger.job.JobState;

/** A state's place in a job's life, so that a record only ever moves forward: attempt first, then the state's place in one run. */
final class Ranks {

    private Ranks() {}

    static long of(JobState state, int attempt) {
        return attempt * 10L + place(state);
    }

    private static int place(JobState state) {
        return switch (state) {
            case SCHEDULED -> 0;
            case RESERVED, ENQUEUING, QUEUED -> 1;
            case WAITING_FOR_KEY, REPUBLISHING -> 2;
            case RUNNING -> 3;
            case RETRYING -> 4;
            case SUCCEEDED, FAILED, BURIED, CANCELLED, PARKED, PURGED -> 5;
        };
    }
}
