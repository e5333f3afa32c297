package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The state stores against H2 2.2 (Payara's embedded default database), in memory: a new database per test. */
class SharedStateOnH2Test extends SharedStateContract {

    @Override
    protected DataSource emptyDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void anInMemoryDatabaseIsKnownToLoseItsDataAtRestart() throws Exception {
        assertTrue(state.database().losesDataAtRestart(), "jdbc:h2:mem: (WildFly's default data source)");
        JdbcDataSource onDisk = new JdbcDataSource();
        onDisk.setURL(
                "jdbc:h2:" + java.nio.file.Files.createTempDirectory("roger-h2").resolve("db"));
        assertFalse(new Database(onDisk).losesDataAtRestart(), "an H2 file keeps its data");
    }
}
