package dev.roger.state;

import java.time.Duration;
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
    public static final Duration CANCEL_TTL = Duration.ofDays(7);

    /** The stores on JDBC; the one place they are built, so callers see only the interfaces. */
    public static SharedState on(DataSource dataSource) {
        Database db = new Database(dataSource);
        return new SharedState(
                db,
                new JdbcCancelStore(db, CANCEL_TTL),
                new JdbcQueueKeyStore(db),
                new JdbcExecutionKeyStore(db),
                new JdbcPauseStore(db),
                new JdbcInstanceStore(db),
                new JdbcApplicationStore(db),
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
