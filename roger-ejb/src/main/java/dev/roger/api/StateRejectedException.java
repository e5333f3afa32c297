package dev.roger.api;

/**
 * The database that holds Roger's shared state is up but refused a value (SQLSTATE class 22, data
 * exception, or 23, integrity constraint violation): a fault of the data, not an outage, so nothing
 * waits for the database to come back.
 */
public class StateRejectedException extends RogerException {
    public StateRejectedException(String operation, Throwable cause) {
        // the cause's words (SQL, driver text, the value) go to the log with the cause, never into answers or pages
        super("Roger's state database refused the data while trying to " + operation, cause);
    }
}
