package dev.roger.api;

/** The database that holds Roger's shared state cannot be used right now. */
public class StateUnavailableException extends RogerException {
    public StateUnavailableException(String operation, Throwable cause) {
        // the cause's words (SQL, driver text) go to the log with the cause, never into answers or pages
        super("Roger's state database failed while trying to " + operation, cause);
    }
}
