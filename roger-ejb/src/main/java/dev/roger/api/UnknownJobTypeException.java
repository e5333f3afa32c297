package dev.roger.api;

/** No job type has this name. */
public class UnknownJobTypeException extends RogerException {
    public UnknownJobTypeException(String message) {
        super(message);
    }

    public UnknownJobTypeException(String message, Throwable cause) {
        super(message, cause);
    }
}
