package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Schema migrations on the local PostgreSQL (127.0.0.1:5432, user postgres), in a database made for
 * this run and dropped afterwards; each test gets an empty schema. Failsafe runs it in {@code mvn
 * verify}, as {@link SharedStateOnPostgresIT}.
 */
class SchemaMigrationsOnPostgresIT extends SchemaMigrationsContract {

    private static final String DATABASE =
            "roger_schema_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void createDatabase() throws SQLException {
        execute(dataSource("postgres"), "CREATE DATABASE " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        execute(dataSource("postgres"), "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Override
    protected DataSource emptyDatabase() throws SQLException {
        PGSimpleDataSource dataSource = dataSource(DATABASE);
        execute(dataSource, "DROP SCHEMA public CASCADE");
        execute(dataSource, "CREATE SCHEMA public");
        return dataSource;
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {5432});
        dataSource.setDatabaseName(database);
        dataSource.setUser("postgres");
        dataSource.setPassword("postgres");
        return dataSource;
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected Duration longerThanOneLockWait() {
        return Duration.ofMillis(5_500);
    }
}
