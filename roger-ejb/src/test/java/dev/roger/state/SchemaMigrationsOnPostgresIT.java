package dev.roger.state;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Schema migrations on the local PostgreSQL (127.0.0.1:5432, user postgres), in a database made for
 * this run and dropped afterwards; each test gets an empty schema. Failsafe runs it in {@code mvn
 * verify}, as {@link SharedStateOnPostgresIT}.
 */
class SchemaMigrationsOnPostgresIT extends SchemaMigrationsContract {

    private static final PostgresTestDatabase DATABASE = new PostgresTestDatabase("roger_schema");

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

    @Override
    protected Duration longerThanOneLockWait() {
        return Duration.ofMillis(5_500);
    }
}
