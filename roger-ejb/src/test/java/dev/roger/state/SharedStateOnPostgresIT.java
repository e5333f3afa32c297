package dev.roger.state;

import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The state stores against the local PostgreSQL (127.0.0.1:5432, user postgres), in a database made
 * for this run and dropped afterwards; each test gets an empty schema. An {@code *IT}, so failsafe runs
 * it in {@code mvn verify} (scripts/test, where PostgreSQL is started) and {@code mvn test} needs no PostgreSQL.
 */
class SharedStateOnPostgresIT extends SharedStateContract {

    private static final PostgresTestDatabase DATABASE = new PostgresTestDatabase("roger_state");

    @BeforeAll
    static void createDatabase() throws SQLException {
        DATABASE.create();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        DATABASE.drop();
    }

    @Override
    protected DataSource emptyDatabase() throws SQLException {
        return DATABASE.empty();
    }

    @org.junit.jupiter.api.Test
    void postgresKeepsItsDataAtRestart() {
        org.junit.jupiter.api.Assertions.assertFalse(state.database().losesDataAtRestart());
    }
}
