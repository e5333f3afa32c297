package dev.roger.state;

import javax.sql.DataSource;
import java.time.Duration;

/** The cluster-wide, durable state, on the database every instance shares. */
public record SharedState(Database database, CancelStore cancels, QueueKeyStore queueKeys, ExecutionKeyStore executionKeys,
                          PauseStore pauses, InstanceStore instances, ApplicationStore applications, DetachedStore detached,
                          BuriedStore buried, ParkedStore parked, DeliveryStore deliveries, QueueStore queues,
                          SecretStore secrets) {

    /** How long a cancel is remembered: longer than any job waits in its retry ladder. */
    public static final Duration CANCEL_TTL = Duration.ofDays(7);

    public static SharedState on(DataSource dataSource) {
        Database db = new Database(dataSource);
        return new SharedState(db, new CancelStore(db, CANCEL_TTL), new QueueKeyStore(db), new ExecutionKeyStore(db),
                new PauseStore(db), new InstanceStore(db), new ApplicationStore(db), new DetachedStore(db),
                new BuriedStore(db), new ParkedStore(db), new DeliveryStore(db), new QueueStore(db),
                new SecretStore(db));
    }
}
