package dev.roger.api;

/** The job's arguments or options are not acceptable. */
public class InvalidJobException extends RogerException {
    public InvalidJobException(String message) {
        super(message);
    }

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
