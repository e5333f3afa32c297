package dev.roger.api;

/** The application is not started where the operation needs it: on this instance, or (for an enqueue) on any instance of the cluster. */
public class UnknownApplicationException extends RogerException {
    public UnknownApplicationException(String message) {
        super(message);
    }

    public UnknownApplicationException(String message, Throwable cause) {
        super(message, cause);
    }
}
