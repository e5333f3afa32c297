package dev.roger.cluster;

import java.util.function.LongSupplier;

/**
 * The shared database's clock, as this instance reads it. Every instance writes its heartbeat and
 * judges the others' on this one clock, so a host clock that is minutes off never makes a live
 * instance look dead, nor a dead one alive. Read at each heartbeat and kept as an offset from this
 * instance's clock, so asking the time costs no round trip.
 */
public final class DatabaseClock {

    private volatile long offsetMillis;

    /** Milliseconds since the epoch by the database's clock, as of the last {@link #sync}. */
    public long now() {
        return System.currentTimeMillis() + offsetMillis;
    }

    /**
     * Reads the database's time ({@code databaseTime}, in epoch milliseconds) and returns it; the middle
     * of the round trip counts as its moment on this instance's clock.
     */
    public long sync(LongSupplier databaseTime) {
        long before = System.currentTimeMillis();
        long database = databaseTime.getAsLong();
        long after = System.currentTimeMillis();
        offsetMillis = database - (before + after) / 2;
        return database;
    }

    /** How far the database's clock is ahead of this instance's (negative: behind), in milliseconds. */
    public long offsetMillis() {
        return offsetMillis;
    }
}
