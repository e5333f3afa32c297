package dev.roger.api;

/** A job with the same queue key is already queued in the application; nothing was published. */
public class DuplicateJobException extends RogerException {
    public DuplicateJobException(String message) {
        super(message);
    }
}
