package dev.roger.worker;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A delivery being worked on: its thread, so it can be interrupted, and why it was interrupted.
 * Its job id and type are known once the message is decoded.
 */
public final class RunningJob {

    private final Thread thread;
    private final Instant startedAt = Instant.now();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile String jobId;
    private volatile String type;

    public RunningJob(Thread thread) {
        this.thread = thread;
    }

    void identify(String jobId, String type) {
        this.jobId = jobId;
        this.type = type;
    }

    /** Stops the run because the instance or the application stops: its message returns to the queue. */
    public void abort() {
        if (aborted.compareAndSet(false, true)) {
            thread.interrupt();
        }
    }

    void timeOut() {
        if (timedOut.compareAndSet(false, true)) {
            thread.interrupt();
        }
    }

    public boolean isAborted() {
        return aborted.get();
    }

    boolean isTimedOut() {
        return timedOut.get();
    }

    public String jobId() {
        return jobId;
    }

    public String type() {
        return type;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
