package dev.roger.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.JobRecord;
import dev.roger.config.RecordSettings;
import dev.roger.job.AJob;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobIds;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import dev.roger.lifecycle.JobChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a lookup answers from what this instance holds, what the database has, and the id alone. */
class JobRecordsTest {

    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());
    private final JobIds ids = new JobIds(new byte[32], now::get);
    private final Map<String, JobRecord> stored = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    // not started: what it is given stays unwritten
    private final JobRecords records = new JobRecords(
            new RecordWriterTest.FakeStore() {
                @Override
                public Optional<JobRecord> find(String application, String jobId) {
                    return Optional.ofNullable(stored.get(jobId));
                }
            },
            (name, holder, ttl) -> true,
            RecordSettings.DEFAULTS,
            "a",
            new ArgsCodec(),
            ids,
            Executors.defaultThreadFactory(),
            timer);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static JobRecord storedAs(String id, String state) {
        return new JobRecord(
                id,
                "app",
                "default",
                "echo",
                state,
                Instant.EPOCH,
                null,
                Instant.EPOCH,
                Instant.EPOCH,
                0,
                "b",
                null,
                null,
                null,
                null,
                -1,
                null,
                Instant.EPOCH);
    }

    @Test
    void anEnqueueHeldHereDoesNotHideTheEndAnotherInstanceWrote() {
        JobMessage job = AJob.ofType("echo").id(ids.next("app")).build();
        records.changed(
                JobChange.of("app", "default", job, null, JobState.QUEUED).withRecordedArgs("{\"n\":1}"));
        assertEquals("queued", records.find("app", job.id()).orElseThrow().state(), "at once where it was made");

        stored.put(job.id(), storedAs(job.id(), "succeeded"));
        JobRecord record = records.find("app", job.id()).orElseThrow();
        assertEquals("succeeded", record.state(), "the record is ahead: what is held here only fills in");
        assertEquals("{\"n\":1}", record.args());
    }

    @Test
    void anIdIssuedAMomentAgoWithoutARecordIsQueuedSinceItsIssue() {
        String id = ids.next("app");
        JobRecord record = records.find("app", id).orElseThrow();
        assertEquals("queued", record.state());
        assertEquals(Instant.ofEpochMilli(now.get()), record.enqueuedAt());
    }

    @Test
    void anOldIdWithoutARecordAndAnIdNoInstanceIssuedAreUnknown() {
        String id = ids.next("app");
        // the lookup compares with the wall clock: an id issued longer ago than a record can be missing
        String old = new JobIds(
                        new byte[32],
                        () -> System.currentTimeMillis() - JobRecords.QUEUED_WITHOUT_RECORD.toMillis() - 1_000)
                .next("app");
        assertTrue(records.find("app", old).isEmpty());
        assertTrue(records.find("app", java.util.UUID.randomUUID().toString()).isEmpty());
        assertTrue(records.find("other", id).isEmpty(), "issued for another application");
    }

    @Test
    void anIdWhoseRecordTheCleanUpMayHaveDeletedIsUnknown() {
        RecordSettings keptThreeSeconds = new RecordSettings(
                true,
                java.util.Set.of(),
                100_000,
                java.time.Duration.ofSeconds(3),
                java.time.Duration.ofDays(30),
                java.time.Duration.ofDays(60));
        JobRecords shortKept = new JobRecords(
                new RecordWriterTest.FakeStore(),
                (name, holder, ttl) -> true,
                keptThreeSeconds,
                "a",
                new ArgsCodec(),
                ids,
                Executors.defaultThreadFactory(),
                timer);
        String fourSecondsOld = new JobIds(new byte[32], () -> System.currentTimeMillis() - 4_000).next("app");
        assertTrue(shortKept.find("app", fourSecondsOld).isEmpty(), "its record may have ended and expired");
        assertTrue(records.find("app", fourSecondsOld).isPresent(), "kept a day: still queued for all we know");
    }
}
