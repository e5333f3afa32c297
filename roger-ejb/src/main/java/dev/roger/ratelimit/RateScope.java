package dev.roger.ratelimit;

/**
 * What a rate limit applies to: one queue of an application, or (queue {@code null}) all the
 * application's queues together.
 */
public record RateScope(String application, String queue) {

    public static RateScope ofQueue(String application, String queue) {
        return new RateScope(application, queue);
    }

    public static RateScope ofApplication(String application) {
        return new RateScope(application, null);
    }

    public boolean wholeApplication() {
        return queue == null;
    }

    @Override
    public String toString() {
        return wholeApplication() ? application : application + "-" + queue;
    }
}
