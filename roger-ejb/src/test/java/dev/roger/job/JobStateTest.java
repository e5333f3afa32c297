package dev.roger.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateTest {

    private static final Set<JobState> TERMINAL = EnumSet.of(JobState.SUCCEEDED, JobState.CANCELLED, JobState.PURGED);

    /**
     * Databases hold these names: changing one needs a schema migration that rewrites the rows. Schema
     * migration 2 did so for {@code WAITING_FOR_KEY}, stored as {@code parked} before it.
     */
    @Test
    void theStoredNamesDatabasesHoldStayTheSame() {
        assertEquals(
                Map.of(
                        "reserved",
                        JobState.RESERVED,
                        "enqueuing",
                        JobState.ENQUEUING,
                        "queued",
                        JobState.QUEUED,
                        "waiting_for_key",
                        JobState.WAITING_FOR_KEY,
                        "republishing",
                        JobState.REPUBLISHING,
                        "running",
                        JobState.RUNNING,
                        "parked_message",
                        JobState.PARKED),
                Map.of(
                        "reserved",
                        JobState.fromStoredName("reserved"),
                        "enqueuing",
                        JobState.fromStoredName("enqueuing"),
                        "queued",
                        JobState.fromStoredName("queued"),
                        "waiting_for_key",
                        JobState.fromStoredName("waiting_for_key"),
                        "republishing",
                        JobState.fromStoredName("republishing"),
                        "running",
                        JobState.fromStoredName("running"),
                        "parked_message",
                        JobState.fromStoredName("parked_message")));
    }

    @Test
    void parkedIsNoStoredNameAnyMoreSinceSchemaMigration2() {
        // it meant WAITING_FOR_KEY in the execution-key table and sounded like PARKED; migration 2 rewrote the rows
        assertThrows(IllegalStateException.class, () -> JobState.fromStoredName("parked"));
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void everyStateReadsBackFromItsStoredName(JobState state) {
        assertEquals(state, JobState.fromStoredName(state.storedName()));
        assertTrue(state.storedName().length() <= 20, "fits the VARCHAR(20) state columns");
    }

    @Test
    void anUnknownStoredNameIsRefused() {
        assertThrows(IllegalStateException.class, () -> JobState.fromStoredName("exploded"));
    }

    @ParameterizedTest
    @EnumSource(JobState.class)
    void onlySucceededCancelledAndPurgedAreTerminalAndTheyHaveNoWayOut(JobState state) {
        assertEquals(TERMINAL.contains(state), state.isTerminal());
        if (state.isTerminal()) {
            for (JobState next : JobState.values()) {
                assertFalse(state.canMoveTo(next), state + " -> " + next);
            }
        }
    }

    @Test
    void everyChangeGoesForwardExceptAReturnToTheQueue() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                if (from.canMoveTo(to) && to != JobState.QUEUED) {
                    assertTrue(to.ordinal() > from.ordinal(), from + " -> " + to + " moves back");
                }
            }
        }
    }

    @Test
    void aJobThatWasPublishedIsNeverBeingEnqueuedAgain() {
        Set<JobState> beforePublish = EnumSet.of(JobState.SCHEDULED, JobState.RESERVED, JobState.ENQUEUING);
        for (JobState from : EnumSet.complementOf(EnumSet.copyOf(beforePublish))) {
            for (JobState to : beforePublish) {
                assertFalse(from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void aLateConfirmOrRepublishMarkMovesOnlyFromTheStateItWasWrittenFor() {
        // the stores guard these writes with their source state; the table must agree with the guards
        assertTrue(JobState.ENQUEUING.canMoveTo(JobState.QUEUED));
        assertTrue(JobState.RESERVED.canMoveTo(JobState.QUEUED));
        assertTrue(JobState.REPUBLISHING.canMoveTo(JobState.QUEUED));
        assertTrue(JobState.ENQUEUING.canMoveTo(JobState.RUNNING), "a delivery may beat its confirm");
        assertTrue(JobState.REPUBLISHING.canMoveTo(JobState.RUNNING), "a delivery may beat its republish mark");
    }

    @Test
    void anOperatorMayRunAJobKeptForThemAgainAndAWaitingRetryMayBeCancelled() {
        for (JobState kept : EnumSet.of(JobState.FAILED, JobState.BURIED, JobState.PARKED)) {
            assertTrue(kept.canMoveTo(JobState.QUEUED), kept.name());
            assertTrue(kept.endsTheJob(), kept.name());
        }
        assertTrue(JobState.RETRYING.canMoveTo(JobState.CANCELLED));
    }

    @Test
    void aStateIsNoChangeToItself() {
        Arrays.stream(JobState.values()).forEach(state -> assertFalse(state.canMoveTo(state), state.name()));
    }

    @Test
    void everyStateIsReachableFromAnEnqueueAndEveryOtherEndsSomewhereTerminal() {
        Set<JobState> reached =
                reachableFrom(EnumSet.of(JobState.SCHEDULED, JobState.RESERVED, JobState.ENQUEUING, JobState.QUEUED));
        assertEquals(EnumSet.allOf(JobState.class), reached);
        for (JobState state : JobState.values()) {
            assertFalse(
                    EnumSet.copyOf(reachableFrom(EnumSet.of(state))).stream().noneMatch(JobState::isTerminal),
                    state + " can never end");
        }
    }

    private static Set<JobState> reachableFrom(Set<JobState> start) {
        Set<JobState> seen = EnumSet.copyOf(start);
        Deque<JobState> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            JobState state = todo.pop();
            for (JobState next : JobState.values()) {
                if (state.canMoveTo(next) && seen.add(next)) {
                    todo.push(next);
                }
            }
        }
        return seen;
    }

    @Test
    void everyStateARecordCanBeInIsAJobStateByItsLowercaseName() {
        for (String state : dev.roger.api.JobRecord.STATES) {
            assertEquals(
                    state,
                    JobState.valueOf(state.toUpperCase(java.util.Locale.ROOT))
                            .name()
                            .toLowerCase(java.util.Locale.ROOT));
        }
    }
}
