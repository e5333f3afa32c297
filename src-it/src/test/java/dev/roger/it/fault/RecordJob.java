package dev.roger.it.fault;

import dev.roger.api.Job;
import dev.roger.api.JobType;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Writes a row per execution to the shared database, so a test can count executions, duplicates and losses. */
@ApplicationScoped
@JobType("record")
public class RecordJob implements Job<RecordArgs> {

    static final String TABLE = "roger_it_execution";

    @Resource(lookup = "jdbc/roger")
    DataSource database;

    @Override
    public Object perform(RecordArgs args) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + TABLE + " (run, n, instance, at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, args.run());
            insert.setInt(2, args.n());
            insert.setString(3, System.getenv("ROGER_INSTANCE_NAME"));
            insert.setLong(4, System.currentTimeMillis());
            insert.executeUpdate();
        }
        return null;
    }

    @Override
    public String queueKey(RecordArgs args) {
        return args.queueKey();
    }

    @Override
    public String executionKey(RecordArgs args) {
        return args.executionKey();
    }

    /** A failed insert (the database was away) is retried. */
    @Override
    public boolean retryable() {
        return true;
    }
}
