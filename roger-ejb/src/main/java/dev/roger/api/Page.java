package dev.roger.api;

import java.util.List;

/**
 * One page of a listing that can be long (scheduled jobs, retries).
 *
 * @param offset how many items come before this page
 * @param total how many items there are in all
 */
public record Page<T>(List<T> items, int offset, long total) {

    /**
     * The furthest a page may start: reading a page at offset N reads N items before it, so a deep
     * offset costs the database (and, for records of every state, this server's heap) without bound.
     * Filter the listing (by state, queue or type) to reach older items.
     */
    public static final int MAX_OFFSET = 10_000;

    /** @throws IllegalArgumentException when {@code offset} is beyond {@link #MAX_OFFSET} */
    public static int checkedOffset(int offset) {
        if (offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be at most " + MAX_OFFSET + ", not " + offset
                    + ": filter the listing to reach older items");
        }
        return Math.max(0, offset);
    }

    public Page {
        items = List.copyOf(items);
    }
}
