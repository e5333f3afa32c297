package dev.roger.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-enqueue choices: the queue (instead of the job type's {@link Job#queue} hook), and when the job
 * may run. A job with a delay or a time is kept in the shared database until it is due, then
 * published to its queue; when it then runs depends on the queue's free workers.
 *
 * <pre>{@code
 * roger.enqueue("billing", "invoice", args, EnqueueOptions.in(Duration.ofMinutes(10)));
 * roger.enqueue("billing", "invoice", args, EnqueueOptions.at(tonight).withQueue("slow"));
 * }</pre>
 *
 * @param queue the application's queue to use instead of {@link Job#queue}; null keeps the hook's
 * @param delay run no sooner than this long after the enqueue; null for no delay
 * @param at run no sooner than this instant (one in the past runs now); null for now. Give a delay or
 *     an instant, not both.
 */
public record EnqueueOptions(String queue, Duration delay, Instant at) {

    public static final EnqueueOptions DEFAULTS = new EnqueueOptions(null, null, null);

    /** The options of earlier releases: only a queue. */
    public EnqueueOptions(String queue) {
        this(queue, null, null);
    }

    public static EnqueueOptions onQueue(String queue) {
        return new EnqueueOptions(queue, null, null);
    }

    /** Runs the job no sooner than {@code delay} from now. */
    public static EnqueueOptions in(Duration delay) {
        return new EnqueueOptions(null, delay, null);
    }

    /** Runs the job no sooner than {@code instant}. */
    public static EnqueueOptions at(Instant instant) {
        return new EnqueueOptions(null, null, instant);
    }

    public EnqueueOptions withQueue(String queue) {
        return new EnqueueOptions(queue, delay, at);
    }

    public EnqueueOptions withDelay(Duration delay) {
        return new EnqueueOptions(queue, delay, at);
    }

    public EnqueueOptions withTime(Instant at) {
        return new EnqueueOptions(queue, delay, at);
    }

    /** True when the job waits in the database until it is due. */
    public boolean isScheduled() {
        return delay != null || at != null;
    }
}
