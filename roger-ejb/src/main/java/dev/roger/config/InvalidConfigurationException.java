package dev.roger.config;

/** A configuration value Roger cannot use; the message names the key and the value. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String key, String value, String problem) {
        super("Invalid Roger configuration " + key + "=" + value + ": " + problem);
    }
}
