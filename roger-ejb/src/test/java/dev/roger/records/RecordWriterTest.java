package dev.roger.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.JobRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordWriterTest {

    /** A store that fails while {@code down}, and keeps what it was given. */
    static class FakeStore implements RecordStore {
        volatile boolean down;
        final List<RecordChange> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<RecordChange> changes) {
            if (down) {
                throw new IllegalStateException("the database is away");
            }
            written.addAll(changes);
        }

        @Override
        public Optional<JobRecord> find(String application, String jobId) {
            return Optional.empty();
        }

        @Override
        public List<JobRecord> list(
                String application, String state, String queue, String type, int offset, int limit) {
            return List.of();
        }

        @Override
        public long count(String application, String state, String queue, String type) {
            return 0;
        }

        @Override
        public Optional<String> failedBody(String application, String jobId) {
            return Optional.empty();
        }

        @Override
        public Deleted deleteExpired(String fromApplication, Expiry expiry, int limit) {
            return new Deleted(0, null);
        }
    }

    final FakeStore store = new FakeStore();
    RecordWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private static RecordChange change(String jobId, String state, long rank) {
        return ARecordChange.of(jobId, state).rank(rank).attempt(0).build();
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aFullBufferDropsNewJobsAndCountsThemButMergesChangesOfJobsInIt() {
        writer = new RecordWriter(store, 2, Executors.defaultThreadFactory());
        writer.add(change("j1", "queued", 1));
        writer.add(change("j2", "queued", 1));
        writer.add(change("j3", "queued", 1));
        writer.add(change("j1", "succeeded", 5));
        assertEquals(1, writer.counts().dropped());
        assertEquals(2, writer.counts().waiting());
        assertEquals("succeeded", writer.unwritten("app", "j1").orElseThrow().state(), "merged, not dropped");
    }

    @Test
    void changesWaitWhileTheDatabaseIsAwayAndAreWrittenWhenItIsBack() throws InterruptedException {
        store.down = true;
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory());
        writer.start();
        writer.add(change("j1", "queued", 1));
        writer.add(change("j1", "running", 3));
        Thread.sleep(RecordWriter.LINGER.toMillis() * 3); // several failed tries
        assertTrue(store.written.isEmpty());
        assertEquals("running", writer.unwritten("app", "j1").orElseThrow().state(), "still visible here");
        writer.add(change("j1", "succeeded", 5));
        store.down = false;
        awaitTrue(
                "the record written",
                () -> !store.written.isEmpty() && writer.counts().waiting() == 0);
        assertEquals(
                List.of("succeeded"),
                store.written.stream().map(RecordChange::state).toList(),
                "one write");
        assertEquals(0, writer.counts().dropped());
        assertTrue(writer.unwritten("app", "j1").isEmpty());
    }

    @Test
    void aLaterChangeOfALowerRankOnlyFillsIn() {
        RecordChange succeeded = change("j1", "succeeded", 5);
        RecordChange lateEnqueue = ARecordChange.of("j1", "queued")
                .queue("default")
                .type("echo")
                .first()
                .enqueuedAt(10L)
                .attempt(0)
                .args("{}")
                .updatedAt(2)
                .build();
        RecordChange merged = succeeded.then(lateEnqueue);
        assertEquals("succeeded", merged.state());
        assertFalse(merged.first(), "a record an earlier change may have written is not inserted");
        assertEquals("echo", merged.type());
        assertEquals(10L, merged.enqueuedAt());
    }

    @Test
    void aJobThatEndsWithinTheHoldIsWrittenOnceAtItsEnd() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory(), now::get);
        writer.start();
        writer.add(change("j1", "queued", 1), true);
        writer.add(change("j1", "running", 3), true);
        Thread.sleep(RecordWriter.LINGER.toMillis() * 3); // several batches pass
        assertTrue(store.written.isEmpty(), "held");
        assertEquals("running", writer.unwritten("app", "j1").orElseThrow().state(), "seen here meanwhile");
        writer.add(change("j1", "succeeded", 5), false);
        awaitTrue("the end written", () -> writer.counts().waiting() == 0);
        assertEquals(
                List.of("succeeded"),
                store.written.stream().map(RecordChange::state).toList(),
                "one write");
    }

    @Test
    void aHeldChangeIsWrittenOnceTheHoldHasPassed() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory(), now::get);
        writer.start();
        writer.add(change("j1", "queued", 1), true);
        now.addAndGet(RecordWriter.HOLD.toMillis() - 1);
        writer.add(change("j2", "queued", 1), true);
        Thread.sleep(RecordWriter.LINGER.toMillis() * 3);
        assertTrue(store.written.isEmpty(), "both still held");
        now.addAndGet(1);
        awaitTrue("the older written", () -> store.written.size() == 1);
        assertEquals("j1", store.written.get(0).jobId());
        assertEquals(1, writer.counts().waiting(), "the younger still held");
        now.addAndGet(RecordWriter.HOLD.toMillis());
        awaitTrue("the younger written", () -> writer.counts().waiting() == 0);
        assertEquals(
                List.of("j1", "j2"),
                store.written.stream().map(RecordChange::jobId).toList());
    }

    @Test
    void heldChangesAreWrittenAtShutdown() {
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory(), () -> 1_000);
        writer.start();
        writer.add(change("j1", "running", 3), true);
        writer.close();
        assertEquals(
                List.of("j1"), store.written.stream().map(RecordChange::jobId).toList());
        assertEquals(0, writer.counts().dropped());
    }

    @Test
    void heldChangesPastHalfOfTheBufferAreWrittenEarlyOldestFirst() throws InterruptedException {
        writer = new RecordWriter(store, 10, Executors.defaultThreadFactory(), () -> 1_000);
        writer.start();
        for (int i = 1; i <= 7; i++) {
            writer.add(change("j" + i, "queued", 1), true);
        }
        awaitTrue("the two oldest written", () -> store.written.size() == 2);
        assertEquals(
                List.of("j1", "j2"),
                store.written.stream().map(RecordChange::jobId).toList());
        assertEquals(5, writer.counts().waiting(), "half of the buffer still held");
        assertEquals(0, writer.counts().dropped());
    }
}
