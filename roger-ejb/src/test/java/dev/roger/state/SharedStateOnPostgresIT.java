package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The state stores against the local PostgreSQL (127.0.0.1:5432, user postgres), in a database made
 * for this run and dropped afterwards; each test gets an empty schema. An {@code *IT}, so failsafe runs
 * it in {@code mvn verify} (scripts/test, where PostgreSQL is started) and {@code mvn test} needs no PostgreSQL.
 */
class SharedStateOnPostgresIT extends SharedStateContract {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 5432;
    private static final String DATABASE =
            "roger_state_" + UUID.randomUUID().toString().substring(0, 8);

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
        dataSource.setServerNames(new String[] {HOST});
        dataSource.setPortNumbers(new int[] {PORT});
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

    @org.junit.jupiter.api.Test
    void postgresKeepsItsDataAtRestart() {
        org.junit.jupiter.api.Assertions.assertFalse(state.database().losesDataAtRestart());
    }
}
