package dev.roger.worker;

import java.time.Duration;

/**
 * While the shared database is away a worker keeps the delivery it could not finish, and looks again
 * with growing pauses: returned at once, the message would come straight back into the same outage,
 * and every return counts against a quorum queue's delivery limit. It returns the message once the
 * database answers, or the job is aborted, or the hold is over.
 */
final class DatabaseHold {

    private static final long FIRST_PAUSE_MILLIS = 1000;
    private static final long LONGEST_PAUSE_MILLIS = 15_000;

    private final Runnable ping;
    private final Duration hold;

    /** @param ping throws while the database is away */
    DatabaseHold(Runnable ping, Duration hold) {
        this.ping = ping;
        this.hold = hold;
    }

    void holdWhileAway(RunningJob running) {
        long deadline = System.nanoTime() + hold.toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        while (!running.isAborted() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                ping.run();
                return;
            } catch (RuntimeException e) {
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }
}
