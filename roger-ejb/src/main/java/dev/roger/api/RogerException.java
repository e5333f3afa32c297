package dev.roger.api;

/** The base of Roger's exceptions; the message always names what is wrong. */
public class RogerException extends RuntimeException {
    public RogerException(String message) {
        super(message);
    }

    public RogerException(String message, Throwable cause) {
        super(message, cause);
    }
}
