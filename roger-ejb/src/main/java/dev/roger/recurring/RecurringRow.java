package dev.roger.recurring;

/**
 * A recurring job as stored.
 *
 * @param args its args as JSON
 * @param missed {@code catch-up} or {@code skip}
 * @param configured from {@code roger.recurring}: the configuration owns it
 * @param nextFire epoch ms, on the database's clock; -1 while paused
 * @param lastFire epoch ms; -1 before the first fire
 */
public record RecurringRow(
        String application,
        String name,
        String jobType,
        String args,
        String cron,
        String zone,
        String missed,
        boolean overlap,
        boolean configured,
        boolean paused,
        long nextFire,
        long lastFire,
        String lastJobId,
        String lastOutcome) {

    /** The same definition with another next fire. */
    public RecurringRow withNextFire(long nextFire) {
        return new RecurringRow(
                application,
                name,
                jobType,
                args,
                cron,
                zone,
                missed,
                overlap,
                configured,
                paused,
                nextFire,
                lastFire,
                lastJobId,
                lastOutcome);
    }
}
