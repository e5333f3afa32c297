package dev.roger.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The queue-list syntax {@code default=10,other=5}: queues and their concurrency. Shared by the
 * configuration ({@code roger.applications}) and the admin page's start form, so both accept and
 * reject the same text with the same words.
 */
public final class QueueSpec {

    private QueueSpec() {}

    /**
     * Parses {@code default=10,other=5}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text, for the caller to prefix
     */
    public static Map<String, Integer> parse(String queuesText) {
        Map<String, Integer> queues = new LinkedHashMap<>();
        for (String queue : queuesText.split(",")) {
            if (queue.isBlank()) {
                continue;
            }
            int equals = queue.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("'" + queue.trim() + "' should look like queue=concurrency");
            }
            String name = queue.substring(0, equals).trim();
            String value = queue.substring(equals + 1).trim();
            if (!Names.isValid(name)) {
                throw new IllegalArgumentException("queue name '" + name + "' must be " + Names.rule());
            }
            if (queues.put(name, concurrency(name, value)) != null) {
                throw new IllegalArgumentException("queue '" + name + "' is named twice");
            }
        }
        return Collections.unmodifiableMap(queues);
    }

    private static int concurrency(String queue, String value) {
        try {
            int concurrency = Integer.parseInt(value);
            if (concurrency < 0 || concurrency > 65535) {
                throw new NumberFormatException();
            }
            return concurrency;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "concurrency of queue '" + queue + "' must be a whole number from 0 to 65535, not '" + value + "'");
        }
    }
}
