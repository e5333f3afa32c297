package dev.roger.worker;

import static dev.roger.worker.WorkerHarness.APP;
import static dev.roger.worker.WorkerHarness.QUEUE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.FakeChannel.Published;
import dev.roger.amqp.FakeChannel.Settlement;
import dev.roger.amqp.QueueNames;
import dev.roger.api.AfterRun;
import dev.roger.api.JobCancelled;
import dev.roger.api.JobFailed;
import dev.roger.buried.ParkedRow;
import dev.roger.job.JobMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker, through its queue consumer, against a fake consumer channel and a fake broker whose
 * confirms the test gives: each delivery is settled exactly once, and acknowledged only after its
 * outcome is safely recorded; otherwise it returns to its queue.
 */
class WorkerTest {

    private WorkerHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Settlement ack(long tag) {
        return new Settlement(tag, true, false);
    }

    private static Settlement requeue(long tag) {
        return new Settlement(tag, false, true);
    }

    private Settlement awaitSettlement() throws InterruptedException {
        return harness.consuming.awaitSettlement(10, TimeUnit.SECONDS);
    }

    @Test
    void aJobThatSucceedsIsAcknowledgedOnce() throws Exception {
        harness = new WorkerHarness(new TestJobs.Succeeds());
        long tag = harness.deliver(WorkerHarness.job("Succeeds"));

        assertEquals(ack(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(ack(tag)), harness.consuming.settlements());
        assertEquals(1, harness.beans.events(AfterRun.class).size());
    }

    @Test
    void aJobWhoseAckFailsIsNotRecordedAsSucceededForTheBrokerBringsItBack() throws Exception {
        harness = new WorkerHarness(new TestJobs.Succeeds());
        harness.consuming.failAcks();
        JobMessage job = WorkerHarness.job("Succeeds");
        harness.deliver(job);
        harness.awaitWorkersDone();

        assertEquals(1, harness.beans.events(AfterRun.class).size(), "the job ran");
        assertTrue(
                harness.consuming.settlements().stream().noneMatch(Settlement::ack),
                "and was not acknowledged: " + harness.consuming.settlements());
        assertEquals(
                "running", harness.records.find(APP, job.id()).orElseThrow().state());
    }

    @Test
    void aFailedJobWithRetriesLeftWaitsForItsRetryInTheDatabaseAndIsAcknowledgedOnlyOnceItIsStored() throws Exception {
        harness = new WorkerHarness(new TestJobs.FailsWithRetriesLeft());
        JobMessage job = WorkerHarness.job("FailsWithRetriesLeft");
        long tag = harness.deliver(job);

        assertEquals(ack(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(1, harness.retries.size());
        WorkerHarness.StoredRetry retry = harness.retries.get(0);
        assertEquals(job.id(), retry.next().id());
        assertEquals(1, retry.next().retryCount());
        assertEquals(0, retry.settlementsBefore(), "nothing is settled before the retry is stored");
        long millis = retry.delay().toMillis();
        long level = WorkerHarness.RETRY_DELAY_SECONDS * 1000L;
        assertTrue(millis >= level * 0.9 && millis <= level * 1.1, "the level's delay, give or take 10 %: " + millis);
        assertTrue(retry.lastError().contains("IllegalStateException"), retry.lastError());
        assertEquals(List.of(ack(tag)), harness.consuming.settlements());
        List<JobFailed> failed = harness.beans.events(JobFailed.class);
        assertEquals(1, failed.size());
        assertTrue(failed.get(0).willRetry());
    }

    @Test
    void aRetryThatCannotBeStoredReturnsTheDeliveryToItsQueueInsteadOfAcknowledgingIt() throws Exception {
        harness = new WorkerHarness(new TestJobs.FailsWithRetriesLeft());
        harness.takeTheDatabaseAway();
        long tag = harness.deliver(WorkerHarness.job("FailsWithRetriesLeft"));

        assertEquals(requeue(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(requeue(tag)), harness.consuming.settlements());
        assertTrue(harness.retries.isEmpty());
    }

    @Test
    void aJobCancelledWhileItRunsIsSettledOnceAndFiresOneCancel() throws Exception {
        TestJobs.Blocks blocks = new TestJobs.Blocks();
        harness = new WorkerHarness(blocks);
        JobMessage job = WorkerHarness.job("Blocks");
        long tag = harness.deliver(job);
        blocks.awaitStart();

        harness.state.cancels().add(APP, job.id()); // as a cancel does, before it reaches the instances
        assertTrue(harness.consumer.cancelRunning(job.id()));
        harness.consumer.cancelRunning(job.id()); // a second broadcast of the same cancel

        assertEquals(ack(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(ack(tag)), harness.consuming.settlements());
        assertEquals(1, harness.beans.events(JobCancelled.class).size());
        assertTrue(harness.beans.events(JobFailed.class).isEmpty(), "a cancelled job did not fail");
        assertTrue(harness.beans.events(AfterRun.class).isEmpty(), "a cancelled job did not finish");
        assertEquals(0, harness.consumer.runningCount());
    }

    @Test
    void aJobAbortedWhileItRunsReturnsToItsQueue() throws Exception {
        TestJobs.Blocks blocks = new TestJobs.Blocks();
        harness = new WorkerHarness(blocks);
        long tag = harness.deliver(WorkerHarness.job("Blocks"));
        blocks.awaitStart();

        harness.consumer.abortRunning();

        assertEquals(requeue(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(requeue(tag)), harness.consuming.settlements());
        assertTrue(harness.beans.events(JobCancelled.class).isEmpty());
        assertTrue(harness.beans.events(JobFailed.class).isEmpty());
    }

    @Test
    void anUndecodableMessageIsParkedAndAcknowledged() throws Exception {
        harness = new WorkerHarness(new TestJobs.Succeeds());
        byte[] body = "not a job".getBytes(StandardCharsets.UTF_8);
        long tag = harness.deliver(
                body, new AMQP.BasicProperties.Builder().messageId("m-1").build());

        assertEquals(ack(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(ack(tag)), harness.consuming.settlements());
        List<ParkedRow> parked = harness.state.parked().list(APP, 10);
        assertEquals(1, parked.size());
        assertEquals(QUEUE, parked.get(0).queue());
        assertEquals("m-1", parked.get(0).messageId());
        assertArrayEquals(body, parked.get(0).body());
        assertTrue(harness.beans.events().isEmpty(), "a message that is no job runs nothing");
    }

    @Test
    void aMessageThatCannotBeParkedWhileTheDatabaseIsAwayReturnsToItsQueue() throws Exception {
        harness = new WorkerHarness(new TestJobs.Succeeds());
        harness.takeTheDatabaseAway();
        long tag = harness.deliver(
                "not a job".getBytes(StandardCharsets.UTF_8),
                new AMQP.BasicProperties.Builder().messageId("m-1").build());

        assertEquals(requeue(tag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(requeue(tag)), harness.consuming.settlements());
    }

    @Test
    void aDeliveryTheExecutorRefusesReturnsToItsQueue() throws Exception {
        harness = new WorkerHarness(new TestJobs.Succeeds());
        harness.executor.shutdown();

        long tag = harness.deliver(WorkerHarness.job("Succeeds"));

        assertEquals(List.of(requeue(tag)), harness.consuming.settlements());
    }

    @Test
    void aDetachedJobIsNotAcknowledgedAgainWhenItEndsAndItsRecordIsRemoved() throws Exception {
        TestJobs.Blocks blocks = new TestJobs.Blocks();
        harness = new WorkerHarness(blocks);
        JobMessage job = WorkerHarness.job("Blocks");
        long tag = harness.deliver(job);
        blocks.awaitStart();

        harness.consumer.detachLongJobs(java.time.Duration.ZERO);
        assertEquals(ack(tag), awaitSettlement());
        assertEquals(1, harness.state.detached().ownedBy("instance-1").size());

        blocks.release.countDown();
        harness.awaitWorkersDone();
        assertEquals(List.of(ack(tag)), harness.consuming.settlements());
        assertTrue(harness.state.detached().ownedBy("instance-1").isEmpty(), "the record is removed when the job ends");
        assertEquals(1, harness.beans.events(AfterRun.class).size());
    }

    @Test
    void aJobWaitingForItsExecutionKeyIsAcknowledgedAndHandedBackToItsQueueBeforeTheRunningOneIsAcknowledged()
            throws Exception {
        TestJobs.Blocks blocks = new TestJobs.Blocks();
        harness = new WorkerHarness(blocks);
        JobMessage first = WorkerHarness.job("Blocks", "e");
        JobMessage second = WorkerHarness.job("Blocks", "e");
        harness.state.instances().heartbeat("instance-1", java.time.Instant.now(), "key-1", System.currentTimeMillis());
        for (JobMessage job : List.of(first, second)) { // as the enqueue does
            harness.state.executionKeys().register(APP, QUEUE, "e", job.id(), "instance-1");
            harness.state.executionKeys().confirm(APP, job.id());
        }
        long firstTag = harness.deliver(first);
        blocks.awaitStart();

        long secondTag = harness.deliver(second);
        assertEquals(ack(secondTag), awaitSettlement(), "the second waits in the database, its message acknowledged");

        blocks.release.countDown();
        FakeChannel publishing = harness.broker.publishing();
        Published handedOn = publishing.awaitPublish(10, TimeUnit.SECONDS);
        assertEquals(QueueNames.main(APP, QUEUE), handedOn.routingKey());
        assertEquals(second.id(), harness.codec.decode(handedOn.body()).id());
        assertEquals(
                List.of(ack(secondTag)),
                harness.consuming.settlements(),
                "the first is acknowledged only once the next is safely back in its queue");

        publishing.confirm(handedOn.sequence(), false);
        assertEquals(ack(firstTag), awaitSettlement());
        harness.awaitWorkersDone();
        assertEquals(List.of(ack(secondTag), ack(firstTag)), harness.consuming.settlements());
        assertEquals(1, harness.beans.events(AfterRun.class).size(), "only the first ran");
    }
}
