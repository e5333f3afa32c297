package dev.roger.amqp;

/**
 * A publish the broker did not confirm in time, refused, or that was interrupted; the message says
 * which in Roger's words, the cause is the client's.
 */
public final class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
