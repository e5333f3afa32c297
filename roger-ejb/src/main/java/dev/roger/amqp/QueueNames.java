package dev.roger.amqp;

/** Every RabbitMQ queue name Roger uses, in one place. */
public final class QueueNames {

    private QueueNames() {}

    /** {@code myapp-default}: where an application's queue holds its jobs. */
    public static String main(String application, String queue) {
        return application + "-" + queue;
    }

    /** {@code myapp-default.retry.5}: jobs wait here for the delay, then go back to the main queue. */
    public static String retry(String application, String queue, int delaySeconds) {
        return main(application, queue) + ".retry." + delaySeconds;
    }

    /** {@code myapp-default.delay.1}: a job whose turn has not come waits here briefly (not a retry). */
    public static String delay(String application, String queue, int delaySeconds) {
        return main(application, queue) + ".delay." + delaySeconds;
    }

    /** {@code myapp-default.buried}: where earlier releases kept buried jobs; drained into the database at start. */
    public static String buried(String application, String queue) {
        return main(application, queue) + ".buried";
    }

    /** {@code myapp.parked}: where earlier releases kept parked messages; drained into the database at start. */
    public static String parked(String application) {
        return application + ".parked";
    }
}
