package dev.roger.api;

/** The broker did not take the job; nothing was queued. */
public class EnqueueFailedException extends RogerException {
    public EnqueueFailedException(String message) {
        super(message);
    }

    public EnqueueFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
