package dev.roger.config;

import dev.roger.spi.Names;
import dev.roger.spi.QueueSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code myapp:default=10,other=5;billing:default=2}: applications separated by {@code ;},
 * each with its queues and their concurrency (the seed's {@code myapp: [default: 10, other: 5]}).
 */
public final class ApplicationsSpec {

    private ApplicationsSpec() {}

    public static Map<String, Map<String, Integer>> parse(String key, String text) {
        Map<String, Map<String, Integer>> applications = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return applications;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new InvalidConfigurationException(
                        key, text, "'" + entry.trim() + "' should look like application:queue=concurrency,...");
            }
            String application = entry.substring(0, colon).trim();
            if (!Names.isValid(application)) {
                throw new InvalidConfigurationException(
                        key, text, "application name '" + application + "' must be " + Names.rule());
            }
            if (applications.containsKey(application)) {
                throw new InvalidConfigurationException(key, text, "application '" + application + "' is named twice");
            }
            applications.put(application, parseQueues(key, text, entry.substring(colon + 1)));
        }
        return applications;
    }

    /** Parses {@code default=10,other=5}; a problem names the key and the whole text. */
    public static Map<String, Integer> parseQueues(String key, String text, String queuesText) {
        try {
            return QueueSpec.parse(queuesText);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, text, e.getMessage());
        }
    }
}
