package dev.roger.state;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** The state stores against H2 2.2 (Payara's embedded default database), in memory: a new database per test. */
class SharedStateOnH2Test extends SharedStateContract {

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }
}
