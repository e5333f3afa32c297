package dev.roger.state;

import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Schema migrations on H2 2.2 (Payara's embedded default database), in memory: a new database per test. */
class SchemaMigrationsOnH2Test extends SchemaMigrationsContract {

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Override
    protected Duration longerThanOneLockWait() {
        return Duration.ofMillis(2_500);
    }
}
