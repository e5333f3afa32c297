package dev.roger.api;

import java.util.List;

/**
 * One page of a listing that can be long (scheduled jobs, retries).
 *
 * @param offset how many items come before this page
 * @param total how many items there are in all
 */
public record Page<T>(List<T> items, int offset, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
