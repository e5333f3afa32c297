package dev.roger.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.job.AJob;
import dev.roger.job.JobMessage;
import dev.roger.job.JobState;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {

    private static final JobMessage JOB = AJob.ofType("echo")
            .id("job-1")
            .args(JsonValue.EMPTY_JSON_OBJECT)
            .queuedAt(Instant.parse("2026-12-04T00:00:00Z"))
            .build();

    private static JobChange change(JobState from, JobState to) {
        return JobChange.of("app", "default", JOB, from, to);
    }

    @Test
    void anAllowedChangeIsAnnouncedToEveryListenerInTheOrderTheyWereRegistered() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<String> heard = new ArrayList<>();
        lifecycle.onApplied(c -> heard.add("first " + c.to()));
        lifecycle.onApplied(c -> heard.add("second " + c.to()));

        assertEquals(JobState.SUCCEEDED, lifecycle.change(change(JobState.RUNNING, JobState.SUCCEEDED)));

        assertEquals(List.of("first SUCCEEDED", "second SUCCEEDED"), heard);
    }

    @Test
    void aChangeCarriesWhatMetricsAndTracesNeed() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<JobChange> heard = new ArrayList<>();
        lifecycle.onApplied(heard::add);
        RuntimeException error = new RuntimeException("boom");

        lifecycle.change(change(JobState.RUNNING, JobState.BURIED).withError(error));

        JobChange c = heard.get(0);
        assertEquals("app", c.application());
        assertEquals("default", c.queue());
        assertEquals("echo", c.type());
        assertEquals("job-1", c.jobId());
        assertEquals(0, c.attempt());
        assertEquals(JOB.queuedAt(), c.enqueuedAt());
        assertTrue(c.endedAt() != null, "a burial ends the run");
        assertEquals(error, c.error());
    }

    @Test
    void anIllegalChangeThrowsInStrictModeAndIsNotAnnounced() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<JobChange> heard = new ArrayList<>();
        lifecycle.onApplied(heard::add);

        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> lifecycle.change(change(JobState.SUCCEEDED, JobState.RUNNING)));

        assertTrue(e.getMessage().contains("cannot move from SUCCEEDED to RUNNING"), e.getMessage());
        assertEquals(List.of(), heard);
    }

    @Test
    void anIllegalChangeInProductionIsCountedAndStillAnnounced() {
        JobLifecycle lifecycle = new JobLifecycle(false);
        List<JobChange> heard = new ArrayList<>();
        lifecycle.onApplied(heard::add);

        lifecycle.change(change(JobState.SUCCEEDED, JobState.RUNNING));
        lifecycle.change(change(JobState.SUCCEEDED, JobState.RUNNING));

        assertEquals(2, lifecycle.illegalChanges());
        assertEquals(2, heard.size());
    }

    @Test
    void aListenerThatThrowsKeepsTheChangeFromNoOtherListenerAndNeverReachesTheCaller() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<JobChange> heard = new ArrayList<>();
        lifecycle.onApplied(c -> {
            throw new IllegalStateException("a broken listener");
        });
        lifecycle.onApplied(heard::add);

        lifecycle.change(change(JobState.QUEUED, JobState.RUNNING));

        assertEquals(1, heard.size());
        assertEquals(1, lifecycle.listenerFailures());
    }

    @Test
    void aNewJobHasNoStateToLeaveAndTheSameStateAgainIsNoChange() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<JobChange> heard = new ArrayList<>();
        lifecycle.onApplied(heard::add);

        lifecycle.change(change(null, JobState.QUEUED));
        lifecycle.change(change(JobState.QUEUED, JobState.QUEUED));

        assertEquals(1, heard.size());
        assertTrue(heard.get(0).isNew());
    }

    @Test
    void decidedListenersHearAChangeBeforeItsEffectAndAppliedOnesAfter() throws Exception {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<String> heard = new ArrayList<>();
        lifecycle.onApplied(c -> heard.add("applied"));
        lifecycle.onDecided(c -> heard.add("decided"));

        lifecycle.change(change(JobState.RUNNING, JobState.SUCCEEDED), () -> heard.add("effect"));

        assertEquals(List.of("decided", "effect", "applied"), heard);
    }

    @Test
    void aChangeWhoseEffectFailsIsNotApplied() {
        JobLifecycle lifecycle = new JobLifecycle(true);
        List<String> heard = new ArrayList<>();
        lifecycle.onDecided(c -> heard.add("decided"));
        lifecycle.onApplied(c -> heard.add("applied"));

        assertThrows(
                java.io.IOException.class,
                () -> lifecycle.change(change(JobState.RUNNING, JobState.SUCCEEDED), () -> {
                    throw new java.io.IOException("the ack failed");
                }));

        assertEquals(List.of("decided"), heard);
    }

    @Test
    void aRetryThatWaitsMayBeCancelled() {
        assertEquals(JobState.CANCELLED, new JobLifecycle(true).change(change(JobState.RETRYING, JobState.CANCELLED)));
    }
}
