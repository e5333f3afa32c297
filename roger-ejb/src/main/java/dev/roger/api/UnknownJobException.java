package dev.roger.api;

/** No job with that id was issued for the application (by any instance of the cluster). */
public class UnknownJobException extends RogerException {
    public UnknownJobException(String message) {
        super(message);
    }
}
