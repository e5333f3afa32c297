package dev.roger.job;

/** A message body that is not a Roger job; the message says what is wrong with it. */
public class InvalidMessageException extends Exception {
    public InvalidMessageException(String message) {
        super(message);
    }
}
