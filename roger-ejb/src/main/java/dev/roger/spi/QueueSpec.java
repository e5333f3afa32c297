package dev.roger.spi;

import dev.roger.api.RateLimit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The queue-list syntax {@code default=10@5/s,other=5}: queues, their concurrency and, after an
 * {@code @}, their rate limit (see {@link RateLimit#parse}). Shared by the
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
        read(queuesText, (name, concurrency, rateLimit) -> {
            if (queues.put(name, concurrency) != null) {
                throw new IllegalArgumentException("queue '" + name + "' is named twice");
            }
        });
        return Collections.unmodifiableMap(queues);
    }

    /**
     * The rate limits of {@code default=10@5/s,other=5,slow=1@none}: {@code {default=5/s, slow=empty}};
     * {@code @none} lifts a queue's limit, a queue without {@code @} is left out.
     */
    public static Map<String, Optional<RateLimit>> rateLimits(String queuesText) {
        Map<String, Optional<RateLimit>> limits = new LinkedHashMap<>();
        read(queuesText, (name, concurrency, rateLimit) -> {
            if (rateLimit != null) {
                limits.put(name, rateLimit);
            }
        });
        return Collections.unmodifiableMap(limits);
    }

    /** Reads a rate limit, or {@code none} (empty): the text after a queue's or an application's {@code @}. */
    public static Optional<RateLimit> rateLimit(String text) {
        return NONE.equalsIgnoreCase(text.trim()) ? Optional.empty() : Optional.of(RateLimit.parse(text));
    }

    /** After an {@code @}: no rate limit. */
    public static final String NONE = "none";

    @FunctionalInterface
    private interface QueueSink {
        void queue(String name, int concurrency, Optional<RateLimit> rateLimit);
    }

    private static void read(String queuesText, QueueSink sink) {
        for (String queue : queuesText.split(",")) {
            if (queue.isBlank()) {
                continue;
            }
            int equals = queue.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException(
                        "'" + queue.trim() + "' should look like queue=concurrency or queue=concurrency@rate");
            }
            String name = queue.substring(0, equals).trim();
            String value = queue.substring(equals + 1).trim();
            if (!Names.isValid(name)) {
                throw new IllegalArgumentException("queue name '" + name + "' must be " + Names.rule());
            }
            int at = value.indexOf('@');
            Optional<RateLimit> rateLimit = null;
            if (at >= 0) {
                try {
                    rateLimit = rateLimit(value.substring(at + 1));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("queue '" + name + "': " + e.getMessage(), e);
                }
                value = value.substring(0, at).trim();
            }
            sink.queue(name, concurrency(name, value), rateLimit);
        }
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
