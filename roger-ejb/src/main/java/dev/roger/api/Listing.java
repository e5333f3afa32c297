package dev.roger.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a listing (queued, buried or parked jobs) returns: its items, and whether it stopped before the
 * limit because the next item would have taken it over its byte budget. The budget keeps one request
 * from making an instance read and serialise many megabytes of job arguments.
 *
 * @param truncated true when items were left out to stay within the budget (not when the limit was reached)
 */
public record Listing<T>(List<T> items, boolean truncated) {

    /** The bytes of job messages, bodies and errors one listing may hold: 1 MiB. */
    public static final long BYTE_BUDGET = 1024 * 1024;

    public Listing {
        items = List.copyOf(items);
    }

    public static <T> Builder<T> builder(long budget) {
        return new Builder<>(budget);
    }

    /** Gathers items until the next would exceed the budget. */
    public static final class Builder<T> {
        private final long budget;
        private final List<T> items = new ArrayList<>();
        private long used;
        private boolean truncated;

        private Builder(long budget) {
            this.budget = budget;
        }

        /**
         * Adds the item if its bytes fit what is left of the budget; the item is made only then, so a
         * message too large to show is never decoded. Once one does not fit, none is added.
         *
         * @return false when it did not fit: the listing is truncated and should stop
         */
        public boolean add(long bytes, Supplier<T> item) {
            if (truncated || bytes > budget - used) {
                truncated = true;
                return false;
            }
            used += bytes;
            items.add(item.get());
            return true;
        }

        public int size() {
            return items.size();
        }

        public Listing<T> build() {
            return new Listing<>(items, truncated);
        }
    }
}
