package dev.roger.cluster;

/**
 * A message on the broadcast bus.
 *
 * @param op what to do: {@code cancel}, {@code pause}, {@code resume} or {@code info}
 * @param from the sending instance
 */
public record BusMessage(String op, String from, String application, String queue, String jobId) {

    public static BusMessage cancel(String from, String application, String jobId) {
        return new BusMessage("cancel", from, application, null, jobId);
    }

    public static BusMessage pause(String from, String application, String queue) {
        return new BusMessage("pause", from, application, queue, null);
    }

    public static BusMessage resume(String from, String application, String queue) {
        return new BusMessage("resume", from, application, queue, null);
    }

    public static BusMessage info(String from) {
        return new BusMessage("info", from, null, null, null);
    }
}
