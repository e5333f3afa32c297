package dev.roger.api;

import java.util.List;

/**
 * This instance's worker budget: the most jobs it runs at once across all applications, how many run,
 * and how many deliveries wait for a place (held unacknowledged, in their application's line).
 *
 * @param applications the applications with jobs running or waiting, or a weight other than 1
 */
public record WorkerBudgetStatus(int max, int running, int waiting, List<Share> applications) {

    /** The largest worker budget an instance accepts. */
    public static final int MOST_WORKERS = 10_000;

    /** The largest weight of an application (the smallest is 1). */
    public static final int MOST_WEIGHT = 100;

    /** One application's part of the budget. */
    public record Share(String application, int weight, int running, int waiting) {}
}
