package dev.roger.config;

/** The RabbitMQ queue type of application, buried and retry queues. */
public enum QueueType {
    QUORUM,
    CLASSIC;

    public String argument() {
        return name().toLowerCase();
    }
}
