package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.StateUnavailableException;
import java.lang.reflect.UndeclaredThrowableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A connection a call found broken goes back to the pool aborted, so the pool drops it instead of
 * lending it again; a statement's own failure leaves the connection to the pool as usual.
 */
class BrokenConnectionTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** H2's connections, with abort and close recorded (a pool's handle would drop or keep them). */
    private DataSource recording() {
        return recording(true);
    }

    /** @param answering false: isValid says no, as a driver's does for a database that stopped answering */
    private DataSource recording(boolean answering) {
        return ProxiedH2.dataSource(() -> (method, args) -> {
            String name = method.getName();
            if (name.equals("abort") || name.equals("close")) {
                calls.add(name);
            }
            return switch (name) {
                case "abort" -> null;
                case "isValid" -> answering ? ProxiedH2.H2_ANSWERS : Boolean.FALSE;
                default -> ProxiedH2.H2_ANSWERS;
            };
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

        // a refused value is the data's fault, no outage
        assertThrows(
                dev.roger.api.StateRejectedException.class,
                () -> db.autocommit("a query", connection -> {
                    throw new SQLException("duplicate key", "23505");
                }));

        assertEquals(List.of("close"), calls);
    }

    @Test
    void aPingOnAConnectionThatDoesNotAnswerFailsAndDropsIt() {
        Database db = new Database(recording(false), Duration.ofSeconds(3));

        assertThrows(StateUnavailableException.class, db::ping);

        assertEquals(List.of("abort", "close"), calls);
    }
}
