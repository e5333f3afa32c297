package dev.roger.job;

import static dev.roger.job.JobState.BURIED;
import static dev.roger.job.JobState.CANCELLED;
import static dev.roger.job.JobState.ENQUEUING;
import static dev.roger.job.JobState.FAILED;
import static dev.roger.job.JobState.PARKED;
import static dev.roger.job.JobState.PURGED;
import static dev.roger.job.JobState.QUEUED;
import static dev.roger.job.JobState.REPUBLISHING;
import static dev.roger.job.JobState.RESERVED;
import static dev.roger.job.JobState.RETRYING;
import static dev.roger.job.JobState.RUNNING;
import static dev.roger.job.JobState.SCHEDULED;
import static dev.roger.job.JobState.SUCCEEDED;
import static dev.roger.job.JobState.WAITING_FOR_KEY;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Every change of {@link JobState} a job may make, in one table. A store's write that could arrive
 * late (a publish confirm after the job already runs) names the one state it moves from in its SQL,
 * so it never moves a job back.
 */
final class AllowedStateChanges {

    private static final Map<JobState, Set<JobState>> TABLE = new EnumMap<>(JobState.class);

    static {
        // parked when it falls due and cannot be published (too large, its queue gone)
        allow(SCHEDULED, RESERVED, ENQUEUING, QUEUED, CANCELLED, PARKED);
        // a job with a queue key and an execution key reserves the one, then takes its place behind the other
        allow(RESERVED, ENQUEUING, QUEUED);
        // its delivery may come before its publish confirm is written
        allow(ENQUEUING, QUEUED, WAITING_FOR_KEY, RUNNING);
        // an operator's purge takes it off its queue
        allow(QUEUED, WAITING_FOR_KEY, RUNNING, PARKED, CANCELLED, PURGED);
        // back in its queue once a delay is over; run by a copy of its message when its turn came
        allow(WAITING_FOR_KEY, QUEUED, REPUBLISHING, RUNNING);
        // its republished message may be delivered before it is marked queued
        allow(REPUBLISHING, QUEUED, RUNNING);
        // back to QUEUED: its instance stops, or a strict-order retry keeps its place in line
        allow(RUNNING, QUEUED, RETRYING, BURIED, SUCCEEDED, FAILED, CANCELLED);
        // its retry falls due, or it is cancelled while it waits
        allow(RETRYING, QUEUED, CANCELLED, PARKED);
        // an operator retries it
        allow(PARKED, QUEUED);
        allow(BURIED, QUEUED);
        allow(FAILED, QUEUED);
        allow(SUCCEEDED);
        allow(CANCELLED);
        allow(PURGED);
    }

    private AllowedStateChanges() {}

    private static void allow(JobState from, JobState... to) {
        Set<JobState> next = EnumSet.noneOf(JobState.class);
        next.addAll(Set.of(to));
        TABLE.put(from, next);
    }

    static boolean allows(JobState from, JobState to) {
        return TABLE.get(from).contains(to);
    }

    static Set<JobState> from(JobState state) {
        return Set.copyOf(TABLE.get(state));
    }
}
