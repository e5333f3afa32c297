package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeChannel.Settlement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a queue's consumer does with the deliveries that wait for a place in the worker budget. */
class QueueConsumerTest {

    private WorkerHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aStoppingConsumerIsCancelledBeforeItsWaitingDeliveriesGoBack() throws Exception {
        TestJobs.Blocks blocks = new TestJobs.Blocks();
        harness = WorkerHarness.withBudget(1, blocks);
        harness.deliver(WorkerHarness.job("Blocks"));
        blocks.awaitStart();
        long waiting = harness.deliver(WorkerHarness.job("Blocks"));

        harness.consumer.stopConsuming();

        assertEquals(List.of(new Settlement(waiting, false, true)), harness.consuming.settlements());
        assertTrue(
                harness.consuming.nackedWhileConsuming().isEmpty(),
                "returned while still subscribed: " + harness.consuming.nackedWhileConsuming());
        blocks.release.countDown();
    }
}
