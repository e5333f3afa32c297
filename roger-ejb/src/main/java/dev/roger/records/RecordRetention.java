package dev.roger.records;

import dev.roger.cluster.LeaseStore;
import dev.roger.config.RecordSettings;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Deletes records past their time to keep, on one instance of the cluster, off the job path. */
final class RecordRetention implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordRetention.class.getName());

    /** Records deleted per transaction by the clean-up, so jobs writing records meanwhile are not held up. */
    static final int CLEAN_UP_BATCH = 500;

    /** The longest time between two clean-ups; shorter when records are kept for less than two minutes. */
    static final Duration CLEAN_UP_EVERY = Duration.ofMinutes(1);

    private final RecordStore store;
    private final LeaseStore leases;
    private final RecordSettings settings;
    private final String instance;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> cleanUp;

    RecordRetention(
            RecordStore store,
            LeaseStore leases,
            RecordSettings settings,
            String instance,
            ScheduledExecutorService timer) {
        this.store = store;
        this.leases = leases;
        this.settings = settings;
        this.instance = instance;
        this.timer = timer;
    }

    void start() {
        long every = Math.max(
                1_000,
                Math.min(CLEAN_UP_EVERY.toMillis(), settings.keepSucceeded().toMillis() / 2));
        cleanUp = timer.scheduleWithFixedDelay(this::cleanUp, every, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes expired records in small batches, on the one instance that holds the lease. */
    void cleanUp() {
        try {
            if (!leases.take("records-clean-up", instance, CLEAN_UP_EVERY.multipliedBy(2))) {
                // another instance cleans up; it keeps the lease while it lives
                return;
            }
            long now = System.currentTimeMillis();
            RecordStore.Expiry expiry = new RecordStore.Expiry(
                    now - settings.keepSucceeded().toMillis(),
                    now - settings.keepFailed().toMillis(),
                    now - settings.keepUnfinished().toMillis());
            int total = 0;
            String from = "";
            do {
                RecordStore.Deleted deleted = store.deleteExpired(from, expiry, CLEAN_UP_BATCH);
                total += deleted.count();
                from = deleted.nextApplication();
            } while (from != null);
            if (total > 0) {
                int count = total;
                LOG.info(() -> "deleted " + count + " expired job record(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete expired job records; trying again in a minute: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (cleanUp != null) {
            cleanUp.cancel(false);
        }
    }
}
