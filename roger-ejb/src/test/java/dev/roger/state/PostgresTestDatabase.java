package dev.roger.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database of its own on the local PostgreSQL (127.0.0.1:5432, user postgres) for one test class:
 * created before it, dropped after it, its schema emptied for each test.
 */
final class PostgresTestDatabase {

    private final String name;

    PostgresTestDatabase(String prefix) {
        this.name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    void create() throws SQLException {
        execute(dataSource("postgres"), "CREATE DATABASE " + name);
    }

    void drop() throws SQLException {
        execute(dataSource("postgres"), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The database with an empty public schema. */
    DataSource empty() throws SQLException {
        PGSimpleDataSource dataSource = dataSource(name);
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
}
