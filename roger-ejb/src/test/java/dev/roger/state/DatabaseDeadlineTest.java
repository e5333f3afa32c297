package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Every borrowed connection waits on the network at most the deadline, and goes back to the pool as it came. */
class DatabaseDeadlineTest {

    private final List<Integer> timeouts = new CopyOnWriteArrayList<>();

    /** H2's connections, whose network timeouts are recorded here (or refused, as some drivers do). */
    private DataSource recording(boolean refuse) {
        return ProxiedH2.dataSource(() -> {
            int[] current = {7};
            return (method, args) -> {
                switch (method.getName()) {
                    case "getNetworkTimeout":
                        return current[0];
                    case "setNetworkTimeout":
                        if (refuse) {
                            throw new SQLFeatureNotSupportedException("no network timeouts here");
                        }
                        current[0] = (Integer) args[1];
                        timeouts.add(current[0]);
                        return null;
                    default:
                        return ProxiedH2.H2_ANSWERS;
                }
            };
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
