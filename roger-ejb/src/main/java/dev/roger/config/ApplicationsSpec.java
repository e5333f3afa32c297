package dev.roger.config;

import dev.roger.api.RateLimit;
import dev.roger.ratelimit.RateScope;
import dev.roger.spi.Names;
import dev.roger.spi.QueueSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code myapp:default=10,other=5;billing@100/s:default=2@5/s}: applications separated by
 * {@code ;}, each with its queues and their concurrency (the seed's {@code myapp: [default: 10, other: 5]}),
 * and optional rate limits after an {@code @}: on the application (over all its queues) and on a queue.
 */
public final class ApplicationsSpec {

    private ApplicationsSpec() {}

    public static Map<String, Map<String, Integer>> parse(String key, String text) {
        Map<String, Map<String, Integer>> applications = new LinkedHashMap<>();
        read(key, text, (application, rateLimit, queuesText) -> {
            if (applications.containsKey(application)) {
                throw new InvalidConfigurationException(key, text, "application '" + application + "' is named twice");
            }
            applications.put(application, parseQueues(key, text, queuesText));
        });
        return applications;
    }

    /** The rate limits the text sets: an application's over all its queues, and its queues' own. */
    public static Map<RateScope, RateLimit> rateLimits(String key, String text) {
        Map<RateScope, RateLimit> limits = new LinkedHashMap<>();
        read(key, text, (application, rateLimit, queuesText) -> {
            if (rateLimit != null) {
                limits.put(RateScope.ofApplication(application), rateLimit);
            }
            try {
                QueueSpec.rateLimits(queuesText)
                        .forEach((queue, limit) ->
                                limit.ifPresent(l -> limits.put(RateScope.ofQueue(application, queue), l)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key, text, e.getMessage());
            }
        });
        return limits;
    }

    @FunctionalInterface
    private interface EntrySink {
        void application(String application, RateLimit rateLimit, String queuesText);
    }

    private static void read(String key, String text, EntrySink sink) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new InvalidConfigurationException(
                        key,
                        text,
                        "'" + entry.trim()
                                + "' should look like application:queue=concurrency,... (with @rate after an application or a concurrency to limit it)");
            }
            String application = entry.substring(0, colon).trim();
            RateLimit rateLimit = null;
            int at = application.indexOf('@');
            if (at >= 0) {
                try {
                    rateLimit = RateLimit.parse(application.substring(at + 1));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationException(
                            key,
                            text,
                            "application '" + application.substring(0, at).trim() + "': " + e.getMessage());
                }
                application = application.substring(0, at).trim();
            }
            if (!Names.isValid(application)) {
                throw new InvalidConfigurationException(
                        key, text, "application name '" + application + "' must be " + Names.rule());
            }
            sink.application(application, rateLimit, entry.substring(colon + 1));
        }
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
