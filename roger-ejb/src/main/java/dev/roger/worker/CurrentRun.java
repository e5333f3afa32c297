package dev.roger.worker;

import dev.roger.api.CurrentJob;
import dev.roger.job.JobMessage;
import java.time.Instant;

/**
 * One run of a job as the job sees it ({@link CurrentJob}): its message, whether it was cancelled, and
 * the progress it reports, kept on the {@link RunningJob} at once (for the running-jobs list) and
 * written to its record through a {@link ProgressThrottle}.
 */
final class CurrentRun implements CurrentJob {

    static final int MAX_MESSAGE_CHARS = 200;

    private final RunningJob running;
    private final JobMessage message;
    private final CancelsAndPauses flags;
    private final ProgressThrottle record;

    CurrentRun(RunningJob running, JobMessage message, CancelsAndPauses flags, ProgressThrottle record) {
        this.running = running;
        this.message = message;
        this.flags = flags;
        this.record = record;
    }

    @Override
    public String id() {
        return message.id();
    }

    @Override
    public String application() {
        return running.application();
    }

    @Override
    public String queue() {
        return running.queue();
    }

    @Override
    public int attempt() {
        return message.retryCount();
    }

    @Override
    public Instant enqueuedAt() {
        return message.queuedAt();
    }

    /**
     * A cancel interrupts the run; one this instance knows only from the cluster's flags (a broadcast it
     * missed) cancels it here, so the run ends as cancelled however the job returns.
     */
    @Override
    public boolean isCancelled() {
        if (running.interruption() == RunningJob.Interruption.NONE
                && flags.isCancelled(running.application(), message.id())) {
            running.cancel();
        }
        return running.interruption() == RunningJob.Interruption.CANCELLED;
    }

    @Override
    public void progress(int percent, String message) {
        int clamped = Math.max(0, Math.min(100, percent));
        String text = message == null
                ? ""
                : message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message;
        running.progress(clamped, text);
        record.report(clamped, text);
    }

    /** The run ended: no more progress goes to its record. */
    void end() {
        record.end();
    }
}
