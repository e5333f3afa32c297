package dev.roger.api;

/**
 * An enqueue refused because its application is over one of its quotas ({@code roger.quotas}): too
 * many jobs waiting, or too many parked and buried. Nothing was published or stored.
 */
public class QuotaExceededException extends RogerException {

    private static final long serialVersionUID = 1L;

    private final String quota;

    public QuotaExceededException(String quota, String message) {
        super(message);
        this.quota = quota;
    }

    /** The quota's name: {@code waiting} or {@code parked}. */
    public String quota() {
        return quota;
    }
}
