package dev.roger.api;

/** RabbitMQ could not be reached, or refused the operation; the message carries the broker's reason. */
public class BrokerException extends RogerException {
    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
