package dev.roger.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code myapp:default=10,other=5;billing:default=2}: applications separated by {@code ;},
 * each with its queues and their concurrency (the seed's {@code myapp: [default: 10, other: 5]}).
 */
public final class ApplicationsSpec {

    private ApplicationsSpec() {
    }

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
                throw new InvalidConfigurationException(key, text,
                        "'" + entry.trim() + "' should look like application:queue=concurrency,...");
            }
            String application = entry.substring(0, colon).trim();
            if (!Names.isValid(application)) {
                throw new InvalidConfigurationException(key, text,
                        "application name '" + application + "' must be " + Names.rule());
            }
            if (applications.containsKey(application)) {
                throw new InvalidConfigurationException(key, text, "application '" + application + "' is named twice");
            }
            applications.put(application, parseQueues(key, text, entry.substring(colon + 1)));
        }
        return applications;
    }

    /** Parses {@code default=10,other=5}. */
    public static Map<String, Integer> parseQueues(String key, String text, String queuesText) {
        Map<String, Integer> queues = new LinkedHashMap<>();
        for (String queue : queuesText.split(",")) {
            if (queue.isBlank()) {
                continue;
            }
            int equals = queue.indexOf('=');
            if (equals < 0) {
                throw new InvalidConfigurationException(key, text, "'" + queue.trim() + "' should look like queue=concurrency");
            }
            String name = queue.substring(0, equals).trim();
            String value = queue.substring(equals + 1).trim();
            if (!Names.isValid(name)) {
                throw new InvalidConfigurationException(key, text, "queue name '" + name + "' must be " + Names.rule());
            }
            if (queues.put(name, concurrency(key, text, name, value)) != null) {
                throw new InvalidConfigurationException(key, text, "queue '" + name + "' is named twice");
            }
        }
        return Collections.unmodifiableMap(queues);
    }

    private static int concurrency(String key, String text, String queue, String value) {
        try {
            int concurrency = Integer.parseInt(value);
            if (concurrency < 0 || concurrency > 65535) {
                throw new NumberFormatException();
            }
            return concurrency;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(key, text,
                    "concurrency of queue '" + queue + "' must be a whole number from 0 to 65535, not '" + value + "'");
        }
    }
}
