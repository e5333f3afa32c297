package dev.roger.cluster;

/**
 * A message on the broadcast bus.
 *
 * @param op what to do: {@code cancel}, {@code pause}, {@code resume}, {@code info}, {@code due} or
 *     {@code rate-limits}
 * @param from the sending instance
 * @param dueAt for {@code due}: a job falls due at this time (epoch ms, the database's clock)
 */
public record BusMessage(String op, String from, String application, String queue, String jobId, Long dueAt) {

    /** A job was scheduled (or moved) to fall due sooner than its sender planned to look: look then. */
    public static BusMessage due(String from, long dueAt) {
        return new BusMessage("due", from, null, null, null, dueAt);
    }

    public static BusMessage cancel(String from, String application, String jobId) {
        return new BusMessage("cancel", from, application, null, jobId, null);
    }

    public static BusMessage pause(String from, String application, String queue) {
        return new BusMessage("pause", from, application, queue, null, null);
    }

    public static BusMessage resume(String from, String application, String queue) {
        return new BusMessage("resume", from, application, queue, null, null);
    }

    /** The cluster's rate limits changed in the database: read them again. */
    public static BusMessage rateLimits(String from) {
        return new BusMessage("rate-limits", from, null, null, null, null);
    }

    public static BusMessage info(String from) {
        return new BusMessage("info", from, null, null, null, null);
    }
}
