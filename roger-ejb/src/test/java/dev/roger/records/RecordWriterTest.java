package dev.roger.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.JobRecord;
import dev.roger.api.StateRejectedException;
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
        /** A job whose change the database refuses as a data error (SQLSTATE class 22). */
        volatile String refusedJob;

        final List<RecordChange> written = new CopyOnWriteArrayList<>();

        @Override
        public void write(List<RecordChange> changes) {
            if (down) {
                throw new IllegalStateException("the database is away");
            }
            if (changes.stream().anyMatch(c -> c.jobId().equals(refusedJob))) {
                throw new StateRejectedException(
                        "write job records", new java.sql.SQLDataException("too long", "22001"));
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
    void aChangeTheDatabaseRefusesIsDroppedAndCountedAndTheRestOfItsBatchIsWritten() {
        store.refusedJob = "j7";
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory());
        for (int i = 0; i < 10; i++) {
            writer.add(change("j" + i, "succeeded", 5));
        }
        writer.start();
        writer.close(java.time.Duration.ofSeconds(10));
        assertEquals(
                List.of("j0", "j1", "j2", "j3", "j4", "j5", "j6", "j8", "j9"),
                store.written.stream().map(RecordChange::jobId).sorted().toList(),
                "every change but the refused one, in one batch of ten before");
        assertEquals(1, writer.counts().dropped());
        assertEquals(0, writer.counts().waiting());
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
    void anEnqueuesFirstChangeThatComesAfterItsJobsEndWasWrittenIsLeftOut() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory(), now::get);
        writer.start();
        writer.add(ARecordChange.of("j1", "succeeded").first().rank(5).build(), false);
        awaitTrue("the end written", () -> store.written.size() == 1);
        // the publisher's confirm came after the consumer ran the job
        writer.add(ARecordChange.of("j1", "queued").first().rank(1).build(), true);
        now.addAndGet(RecordWriter.HOLD.toMillis());
        writer.add(ARecordChange.of("j2", "succeeded").first().rank(5).build(), false);
        awaitTrue("the next end written", () -> writer.counts().waiting() == 0 && store.written.size() >= 2);
        assertEquals(
                List.of("j1 succeeded", "j2 succeeded"),
                store.written.stream().map(c -> c.jobId() + " " + c.state()).toList());
    }

    @Test
    void theEndOfAJobWhoseQueuedChangeWasWrittenAfterItsHoldIsMergedNotInserted() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        writer = new RecordWriter(store, 100, Executors.defaultThreadFactory(), now::get);
        writer.start();
        writer.add(ARecordChange.of("j1", "queued").first().rank(1).build(), true);
        now.addAndGet(RecordWriter.HOLD.toMillis());
        awaitTrue("the queued change written once its hold passed", () -> store.written.size() == 1);
        // a backlog's job starts and ends long after its enqueue: its step takes the end for the first
        writer.add(ARecordChange.of("j1", "succeeded").first().rank(5).build(), false);
        awaitTrue("the end written", () -> store.written.size() == 2);
        assertFalse(store.written.get(1).first(), "j1's record exists: merged, not inserted over it");
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

    @Test
    void theNextChangeOfAJobWrittenEarlyIsMergedNotInsertedThoughItsStepTookItForTheFirst()
            throws InterruptedException {
        writer = new RecordWriter(store, 10, Executors.defaultThreadFactory(), () -> 1_000);
        writer.start();
        for (int i = 1; i <= 7; i++) {
            writer.add(ARecordChange.of("j" + i, "queued").first().rank(1).build(), true);
        }
        awaitTrue("the two oldest written early", () -> store.written.size() == 2);
        // j1 starts soon after its enqueue: its step takes the change for the record's first
        writer.add(ARecordChange.of("j1", "running").first().rank(3).build(), false);
        writer.add(ARecordChange.of("j3", "running").first().rank(3).build(), false);
        awaitTrue("both starts written", () -> store.written.size() == 4);
        RecordChange j1 = store.written.stream()
                .filter(c -> c.jobId().equals("j1") && c.state().equals("running"))
                .findFirst()
                .orElseThrow();
        assertFalse(j1.first(), "j1's record exists: merged");
        RecordChange j3 = store.written.stream()
                .filter(c -> c.jobId().equals("j3"))
                .findFirst()
                .orElseThrow();
        assertTrue(j3.first(), "j3's queued change was still held: one insert of both");
    }

    @Test
    void changesAddedFromManyThreadsAtOnceAreEachJobsOneWriteWithAllItKnows() throws InterruptedException {
        writer = new RecordWriter(store, 100_000, Executors.defaultThreadFactory());
        writer.start();
        int threads = 8;
        int jobsEach = 2_000;
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < jobsEach; i++) {
                    String id = "t" + thread + "-" + i;
                    writer.add(
                            ARecordChange.of(id, "queued")
                                    .first()
                                    .rank(1)
                                    .type("echo")
                                    .build(),
                            true);
                    writer.add(
                            ARecordChange.of(id, "running")
                                    .rank(3)
                                    .instance("a")
                                    .build(),
                            true);
                    writer.add(
                            ARecordChange.of(id, "succeeded")
                                    .rank(5)
                                    .finishedAt(7L)
                                    .build(),
                            false);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        awaitTrue("every job written", () -> writer.counts().waiting() == 0);
        assertEquals(threads * jobsEach, store.written.size(), "one write a job");
        assertEquals(0, writer.counts().dropped());
        assertTrue(
                store.written.stream()
                        .allMatch(c -> c.state().equals("succeeded")
                                && "echo".equals(c.type())
                                && "a".equals(c.instance())
                                && c.first()),
                "each write holds its job's three changes, inserted as new");
    }
}
