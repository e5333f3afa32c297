package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.StateUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A connection a call found broken goes back to the pool aborted, so the pool drops it instead of
 * lending it again; a statement's own failure leaves the connection to the pool as usual.
 */
class BrokenConnectionTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** H2's connections, with abort and close recorded (a pool's handle would drop or keep them). */
    private DataSource recording() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return method.invoke(h2, args);
                    }
                    Connection real = h2.getConnection();
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("abort") || m.getName().equals("close")) {
                                    calls.add(m.getName());
                                }
                                if (m.getName().equals("abort")) {
                                    return null;
                                }
                                try {
                                    return m.invoke(real, a);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                });
    }

    @Test
    void aConnectionThatFailedIsAbortedSoThePoolDropsIt() {
        Database db = new Database(recording(), Duration.ofSeconds(3));

        assertThrows(
                StateUnavailableException.class,
                () -> db.autocommit("a query", connection -> {
                    throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                }));

        assertEquals(List.of("abort", "close"), calls);
    }

    @Test
    void aFailureAPoolWrapsInAnUndeclaredExceptionIsStillADatabaseFailure() {
        Database db = new Database(recording(), Duration.ofSeconds(3));

        StateUnavailableException thrown = assertThrows(
                StateUnavailableException.class,
                () -> db.transaction("a transaction", connection -> {
                    throw new UndeclaredThrowableException(
                            new SQLException("This connection has been closed.", "08003"));
                }));

        assertTrue(thrown.getMessage().contains("a transaction"), thrown.getMessage());
        assertEquals(List.of("abort", "close"), calls);
    }

    @Test
    void aStatementThatFailedLeavesItsConnectionToThePool() {
        Database db = new Database(recording(), Duration.ofSeconds(3));

        assertThrows(
                StateUnavailableException.class,
                () -> db.autocommit("a query", connection -> {
                    throw new SQLException("duplicate key", "23505");
                }));

        assertEquals(List.of("close"), calls);
    }

    @Test
    void aPingOnAConnectionThatDoesNotAnswerFailsAndDropsIt() {
        Database db = new Database(notAnswering(), Duration.ofSeconds(3));

        assertThrows(StateUnavailableException.class, db::ping);

        assertEquals(List.of("abort", "close"), calls);
    }

    /** Connections whose isValid says no, as a driver's does for a database that stopped answering. */
    private DataSource notAnswering() {
        DataSource h2 = recording();
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Connection real = (Connection) method.invoke(h2, args);
                    return Proxy.newProxyInstance(
                            getClass().getClassLoader(),
                            new Class<?>[] {Connection.class},
                            (p, m, a) -> m.getName().equals("isValid") ? Boolean.FALSE : m.invoke(real, a));
                });
    }
}
