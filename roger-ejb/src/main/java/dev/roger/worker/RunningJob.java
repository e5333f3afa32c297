package dev.roger.worker;

import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import java.time.Instant;

/**
 * A delivery being worked on: its thread (to interrupt it), why it was interrupted, and whether its
 * message was settled (acknowledged or requeued) already. Settling goes through here so a message is
 * never settled twice, which RabbitMQ would punish by closing the channel.
 */
public final class RunningJob {

    enum Interruption {
        NONE,
        ABORTED,
        TIMED_OUT,
        CANCELLED
    }

    /** The latest progress the job reported ({@code CurrentJob.progress}); percent -1 until it reports. */
    public record Progress(int percent, String message) {
        static final Progress NONE = new Progress(-1, null);
    }

    private final String application;
    private final String queue;
    private final long deliveryTag;
    private final Thread thread;
    private final Instant startedAt = Instant.now();
    private Interruption interruption = Interruption.NONE;
    private volatile JobMessage message;
    private volatile byte[] body;
    private volatile Progress progress = Progress.NONE;
    private boolean settled;
    private boolean detached;
    /** A delivered job is queued until the worker moves it on, by {@link JobState}'s table. */
    private JobState state = JobState.QUEUED;

    /** The name of the thread the job runs on. */
    public String threadName() {
        return thread.getName();
    }

    RunningJob(String application, String queue, long deliveryTag, Thread thread) {
        this.application = application;
        this.queue = queue;
        this.deliveryTag = deliveryTag;
        this.thread = thread;
    }

    void identify(JobMessage message, byte[] body) {
        this.message = message;
        this.body = body;
    }

    /** Stops the run because the instance or the application stops: its message returns to the queue. */
    public void abort() {
        interrupt(Interruption.ABORTED);
    }

    /** Stops the run because the job was cancelled. */
    public void cancel() {
        interrupt(Interruption.CANCELLED);
    }

    void timeOut() {
        interrupt(Interruption.TIMED_OUT);
    }

    private synchronized void interrupt(Interruption reason) {
        if (interruption == Interruption.NONE) {
            interruption = reason;
            thread.interrupt();
        }
    }

    synchronized Interruption interruption() {
        return interruption;
    }

    public boolean isAborted() {
        return interruption() == Interruption.ABORTED;
    }

    /** Something that settles the message (an ack or a requeue), perhaps after recording state. */
    @FunctionalInterface
    interface Settlement {
        void run() throws java.io.IOException;
    }

    /** Runs the settlement unless the message was settled already; true when it ran. */
    synchronized boolean settle(Settlement settlement) throws java.io.IOException {
        if (settled) {
            return false;
        }
        settlement.run();
        settled = true;
        return true;
    }

    /** Acknowledges early because the job runs long (the settlement records it first); the job goes on. */
    synchronized boolean detach(Settlement settlement) throws java.io.IOException {
        if (settle(settlement)) {
            detached = true;
            return true;
        }
        return false;
    }

    /** The state {@link dev.roger.lifecycle.JobLifecycle} moved the job to (it checked the change). */
    synchronized void enter(JobState next) {
        state = next;
    }

    synchronized JobState state() {
        return state;
    }

    synchronized boolean isDetached() {
        return detached;
    }

    public String application() {
        return application;
    }

    public String queue() {
        return queue;
    }

    String brokerQueue() {
        return dev.roger.amqp.QueueNames.main(application, queue);
    }

    long deliveryTag() {
        return deliveryTag;
    }

    public JobMessage message() {
        return message;
    }

    /** The message body as text, made only when needed (waiting for an execution key, detaching). */
    String body() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public String jobId() {
        JobMessage m = message;
        return m == null ? null : m.id();
    }

    public String type() {
        JobMessage m = message;
        return m == null ? null : m.type();
    }

    public Instant startedAt() {
        return startedAt;
    }

    void progress(int percent, String message) {
        progress = new Progress(percent, message);
    }

    public Progress progress() {
        return progress;
    }
}
