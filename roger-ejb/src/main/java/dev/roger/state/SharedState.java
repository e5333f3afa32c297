package dev.roger.state;

import dev.roger.application.ApplicationStore;
import dev.roger.application.QueueStore;
import dev.roger.budget.WeightStore;
import dev.roger.buried.BuriedStore;
import dev.roger.buried.ParkedStore;
import dev.roger.cluster.InstanceStore;
import dev.roger.cluster.LeaseStore;
import dev.roger.cluster.PauseStore;
import dev.roger.cluster.SecretStore;
import dev.roger.history.HistoryStore;
import dev.roger.keys.DetachedStore;
import dev.roger.keys.ExecutionKeyStore;
import dev.roger.keys.QueueKeyStore;
import dev.roger.ratelimit.RateLimitStore;
import dev.roger.records.RecordStore;
import dev.roger.recurring.RecurringStore;
import dev.roger.schedule.ScheduledStore;
import dev.roger.worker.CancelStore;
import dev.roger.worker.DeliveryStore;
import javax.sql.DataSource;

/** The cluster-wide, durable state, on the database every instance shares. */
public record SharedState(
        Database database,
        CancelStore cancels,
        QueueKeyStore queueKeys,
        ExecutionKeyStore executionKeys,
        PauseStore pauses,
        InstanceStore instances,
        ApplicationStore applications,
        WeightStore weights,
        RateLimitStore rateLimits,
        DetachedStore detached,
        BuriedStore buried,
        ParkedStore parked,
        DeliveryStore deliveries,
        QueueStore queues,
        SecretStore secrets,
        ScheduledStore scheduled,
        RecurringStore recurring,
        RecordStore records,
        LeaseStore leases,
        HistoryStore history) {

    /** How long a cancel is remembered: longer than any job waits in its retry ladder. */

    /** The stores on JDBC; the one place they are built, so callers see only the interfaces. */
    public static SharedState on(DataSource dataSource) {
        return on(dataSource, Database.NO_DEADLINE);
    }

    /** @param deadline how long one database call may wait on the network (see {@link Database}) */
    public static SharedState on(DataSource dataSource, java.time.Duration deadline) {
        Database db = new Database(dataSource, deadline);
        return new SharedState(
                db,
                new JdbcCancelStore(db, CancelStore.KEPT),
                new JdbcQueueKeyStore(db),
                new JdbcExecutionKeyStore(db),
                new JdbcPauseStore(db),
                new JdbcInstanceStore(db),
                new JdbcApplicationStore(db),
                new JdbcWeightStore(db),
                new JdbcRateLimitStore(db),
                new JdbcDetachedStore(db),
                new JdbcBuriedStore(db),
                new JdbcParkedStore(db),
                new JdbcDeliveryStore(db),
                new JdbcQueueStore(db),
                new JdbcSecretStore(db),
                new JdbcScheduledStore(db),
                new JdbcRecurringStore(db),
                new JdbcRecordStore(db),
                new JdbcLeaseStore(db),
                new JdbcHistoryStore(db));
    }
}
