package dev.roger.api;

/** A recurring job from {@code roger.recurring} belongs to the configuration: change or delete it there. */
public class ConfiguredRecurringJobException extends RogerException {

    public ConfiguredRecurringJobException(String message) {
        super(message);
    }
}
