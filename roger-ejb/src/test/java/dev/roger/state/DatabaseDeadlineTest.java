package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Every borrowed connection waits on the network at most the deadline, and goes back to the pool as it came. */
class DatabaseDeadlineTest {

    private final List<Integer> timeouts = new CopyOnWriteArrayList<>();

    /** H2's connections, whose network timeouts are recorded here (or refused, as some drivers do). */
    private DataSource recording(boolean refuse) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(h2, args);
                    }
                    Connection real = h2.getConnection();
                    int[] current = {7};
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                switch (m.getName()) {
                                    case "getNetworkTimeout":
                                        return current[0];
                                    case "setNetworkTimeout":
                                        if (refuse) {
                                            throw new SQLFeatureNotSupportedException("no network timeouts here");
                                        }
                                        current[0] = (Integer) a[1];
                                        timeouts.add(current[0]);
                                        return null;
                                    default:
                                        try {
                                            return m.invoke(real, a);
                                        } catch (InvocationTargetException e) {
                                            throw e.getCause();
                                        }
                                }
                            });
                });
    }

    @Test
    void aCallSetsTheDeadlineOnItsConnectionAndGivesTheConnectionBackAsItCame() {
        Database db = new Database(recording(false), Duration.ofSeconds(3));

        db.autocommit("a query", connection -> connection.isValid(1));
        db.transaction("a transaction", connection -> connection.isValid(1));

        assertEquals(List.of(3000, 7, 3000, 7), timeouts);
    }

    @Test
    void aDriverWithoutNetworkTimeoutsStillServesTheCalls() {
        Database db = new Database(recording(true), Duration.ofSeconds(3));

        boolean first = db.autocommit("a query", connection -> connection.isValid(1));
        boolean second = db.autocommit("another", connection -> connection.isValid(1));

        assertTrue(first && second);
    }

    @Test
    void noDeadlineLeavesTheConnectionsAlone() {
        Database db = new Database(recording(false), Database.NO_DEADLINE);

        db.autocommit("a query", connection -> connection.isValid(1));

        assertEquals(List.of(), timeouts);
    }
}
