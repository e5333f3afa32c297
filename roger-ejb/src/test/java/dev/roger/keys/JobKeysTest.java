package dev.roger.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.DuplicateJobException;
import dev.roger.job.AJob;
import dev.roger.job.JobMessage;
import dev.roger.state.SharedState;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keys' life on H2: reserved, confirmed, released, and the next job handed on before it is marked. */
class JobKeysTest {

    private static final String APP = "app";
    private static final String QUEUE = "default";

    private final List<String> republished = new CopyOnWriteArrayList<>();
    private volatile boolean brokerDown;
    private SharedState state;
    private JobKeys keys;

    @BeforeEach
    void keysOnH2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = SharedState.on(dataSource);
        state.database().createSchema();
        keys = new JobKeys(state.queueKeys(), state.executionKeys(), this::republish, "instance-1");
    }

    private void republish(HeldJob job) throws IOException {
        if (brokerDown) {
            throw new IOException("the broker is away (test)");
        }
        republished.add(job.jobId());
    }

    private static JobMessage job(String queueKey, String executionKey) {
        return AJob.ofType("t").queueKey(queueKey).executionKey(executionKey).build();
    }

    /** Enqueues the job as the enqueuer does: reserve, (publish), confirm. */
    private JobMessage enqueued(String queueKey, String executionKey) {
        JobMessage job = job(queueKey, executionKey);
        keys.reserve(APP, QUEUE, job);
        keys.confirm(APP, job);
        return job;
    }

    @Test
    void aQueueKeyIsFreeAgainOnlyOnceItsJobLeaves() throws Exception {
        JobMessage first = enqueued("invoice-1", null);

        assertThrows(DuplicateJobException.class, () -> keys.reserve(APP, QUEUE, job("invoice-1", null)));
        keys.release(APP, first);
        keys.reserve(APP, QUEUE, job("invoice-1", null));
    }

    @Test
    void theNextJobOfAnExecutionKeyIsHandedOnWhenTheRunningOneLeaves() throws Exception {
        JobMessage first = enqueued(null, "customer-1");
        JobMessage second = enqueued(null, "customer-1");
        assertEquals(ExecutionDecision.RUN, keys.tryStart(APP, QUEUE, first, "{}", 0));
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart(APP, QUEUE, second, "{}", 0));

        keys.release(APP, first);

        assertEquals(List.of(second.id()), republished);
        assertTrue(
                state.executionKeys().stalledHeads(Long.MAX_VALUE).isEmpty(),
                "once handed on and marked, the next job is no longer a stalled head");
    }

    @Test
    void aHandOnTheBrokerRefusedIsLeftForTheRecovery() throws Exception {
        JobMessage first = enqueued(null, "customer-1");
        JobMessage second = enqueued(null, "customer-1");
        keys.tryStart(APP, QUEUE, first, "{}", 0);
        keys.tryStart(APP, QUEUE, second, "{}", 0);
        brokerDown = true;

        assertThrows(IOException.class, () -> keys.release(APP, first));
        brokerDown = false;
        keys.recover(0, Long.MAX_VALUE);

        assertEquals(List.of(second.id()), republished, "the recovery republishes the job nobody handed on");
    }

    @Test
    void aJobWhosePublishFailedGivesItsPlaceToTheNext() {
        JobMessage failed = job("invoice-1", "customer-1");
        keys.reserve(APP, QUEUE, failed);
        JobMessage waiting = enqueued(null, "customer-1");
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart(APP, QUEUE, waiting, "{}", 0));

        keys.giveUp(APP, failed);

        assertEquals(List.of(waiting.id()), republished);
        keys.reserve(APP, QUEUE, job("invoice-1", null)); // the queue key is free again
    }
}
