package dev.roger.api;

/** The application is not started on this instance. */
public class UnknownApplicationException extends RogerException {
    public UnknownApplicationException(String message) {
        super(message);
    }

    public UnknownApplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
