package dev.roger.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.application.QueueRef;
import dev.roger.buried.BuriedRow;
import dev.roger.buried.ParkedRow;
import dev.roger.cluster.InstanceRecord;
import dev.roger.history.HistoryRow;
import dev.roger.history.HistoryStore;
import dev.roger.keys.ExecutionDecision;
import dev.roger.keys.ExecutionKeyStore;
import dev.roger.keys.HeldJob;
import dev.roger.records.ARecordChange;
import dev.roger.records.RecordChange;
import dev.roger.records.RecordStore;
import dev.roger.recurring.RecurringFireRow;
import dev.roger.recurring.RecurringRow;
import dev.roger.recurring.RecurringStore;
import dev.roger.schedule.ScheduledRow;
import dev.roger.schedule.ScheduledStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the state stores promises, run on each database Roger supports:
 * {@link SharedStateOnH2Test} (unit tests) and {@link SharedStateOnPostgresIT} (mvn verify).
 * Each test starts on an empty schema.
 */
abstract class SharedStateContract {

    private static final long ALIVE_SINCE = 0;

    protected SharedState state;

    /** A data source on an empty database (or schema) for one test. */
    protected abstract DataSource emptyDatabase() throws Exception;

    @BeforeEach
    void freshState() throws Exception {
        state = SharedState.on(emptyDatabase());
        state.database().createSchema();
        state.database().createSchema(); // a second start migrates nothing
        state.instances().heartbeat("a", Instant.now(), "key-a", System.currentTimeMillis());
    }

    @Test
    void aCancelIsClaimedExactlyOnce() {
        state.cancels().add("app", "job1");
        state.cancels().add("app", "job1");
        assertEquals(Set.of("app/job1"), state.cancels().pending());
        assertTrue(state.cancels().claim("app", "job1"));
        assertFalse(state.cancels().claim("app", "job1"));
        assertTrue(state.cancels().pending().isEmpty());
        assertFalse(state.cancels().claim("app", "unknown"), "cancelling an unknown job is harmless");
    }

    @Test
    void theQueuesOfAnApplicationAreKnownOnceAnyInstanceDeclaredThem() {
        assertTrue(state.queues().of("app").isEmpty());
        state.queues().declared("app", "default");
        state.queues().declared("app", "default");
        state.queues().declared("app", "other");
        state.queues().declared("else", "default");
        assertEquals(Set.of("default", "other"), state.queues().of("app"));
    }

    @Test
    void aQueueKeyIsHeldUntilItsJobReleasesIt() {
        assertTrue(state.queueKeys().reserve("app", "default", "k", "job1", "a"));
        assertFalse(state.queueKeys().reserve("app", "default", "k", "job2", "a"));
        assertTrue(state.queueKeys().reserve("other", "default", "k", "job3", "a"), "keys are per application");
        state.queueKeys().release("app", "k", "job2");
        assertFalse(state.queueKeys().reserve("app", "default", "k", "job2", "a"), "only its own job releases a key");
        state.queueKeys().release("app", "k", "job1");
        assertTrue(state.queueKeys().reserve("app", "default", "k", "job2", "a"));
    }

    @Test
    void aReservationOfADeadInstanceIsRecoveredButAConfirmedKeyIsNot() {
        state.queueKeys().reserve("app", "q", "unconfirmed", "job1", "dead");
        state.queueKeys().reserve("app", "q", "confirmed", "job2", "dead");
        state.queueKeys().confirm("app", "confirmed", "job2");
        long now = System.currentTimeMillis();
        // pretend the reservations are older than the grace period
        state.database().update("age", "UPDATE roger_queue_key SET created_at = ?", now - 60_000);
        assertEquals(1, state.queueKeys().recover(now - 15_000));
        assertTrue(state.queueKeys().reserve("app", "q", "unconfirmed", "job3", "a"));
        assertFalse(state.queueKeys().reserve("app", "q", "confirmed", "job4", "a"));
    }

    /**
     * A live instance settles its own reservations (it retries the confirm until the database takes it):
     * however old, the recovery leaves them, so the key of a job still queued is never released by a
     * timer. Those it made before a restart are released.
     */
    @Test
    void aLiveInstancesReservationIsKeptHoweverOldUnlessMadeBeforeItsRestart() {
        long now = System.currentTimeMillis();
        state.queueKeys().reserve("app", "q", "kept", "job1", "a");
        state.executionKeys().register("app", "q", "e", "job2", "a");
        state.database().update("age", "UPDATE roger_queue_key SET created_at = ?", now - 3_600_000);
        state.database().update("age", "UPDATE roger_execution_job SET updated_at = ?", now - 3_600_000);
        state.instances().heartbeat("a", Instant.ofEpochMilli(now - 7_200_000), "key-a", now);

        assertEquals(0, state.queueKeys().recover(now - 15_000), "instance a lives, and reserved it in this life");
        assertEquals(0, state.executionKeys().recover(now - 15_000));
        assertFalse(state.queueKeys().reserve("app", "q", "kept", "job3", "a"));

        state.instances().heartbeat("a", Instant.ofEpochMilli(now - 60_000), "key-a", now);
        assertEquals(1, state.queueKeys().recover(now - 15_000), "a restarted after it reserved the key");
        assertEquals(1, state.executionKeys().recover(now - 15_000));
        assertTrue(state.queueKeys().reserve("app", "q", "kept", "job3", "a"));
    }

    @Test
    void theDatabasesClockIsReadAsEpochMilliseconds() {
        long before = System.currentTimeMillis();
        long database = state.instances().databaseTime();
        // the same host: the clocks agree within the round trip and the database's precision
        assertTrue(Math.abs(database - before) < 5_000, "database time " + database + ", local " + before);
    }

    @Test
    void executionKeyJobsRunOneAtATimeInEnqueueOrderAndTheWaitingOneIsHandedOn() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        keys.register("app", "q", "e", "j3", "a");

        // j2 arrives first: it must wait for j1
        assertEquals(
                ExecutionDecision.WAIT_FOR_KEY,
                keys.tryStart("app", "q", "e", "j2", "a", "{\"id\":\"j2\"}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        assertEquals(
                ExecutionDecision.BUSY,
                keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE),
                "a second delivery of the running job, on another instance, waits while the first instance lives");

        Optional<HeldJob> next = keys.finish("app", "e", "j1");
        assertEquals(Optional.of(new HeldJob("app", "q", "j2", "{\"id\":\"j2\"}")), next);
        keys.republished("app", "j2");
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart("app", "q", "e", "j3", "a", "{}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE));
        assertEquals("j3", keys.finish("app", "e", "j2").orElseThrow().jobId());
        assertEquals(Optional.empty(), keys.finish("app", "e", "j3"));
    }

    @Test
    void aWaitingJobStoredAsParkedByAnEarlierReleaseIsStillHandedOn() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        keys.register("app", "q", "e", "j3", "a");
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart("app", "q", "e", "j2", "a", "{2}", ALIVE_SINCE));
        assertEquals(
                List.of("waiting_for_key"),
                state.database()
                        .query(
                                "read",
                                "SELECT state FROM roger_execution_job WHERE job_id = 'j2'",
                                row -> row.getString(1)));
        // an instance of a release before schema version 2, still running during the upgrade, writes its word
        state.database()
                .update("write as before", "UPDATE roger_execution_job SET state = 'parked' WHERE job_id = 'j2'");
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart("app", "q", "e", "j3", "a", "{3}", ALIVE_SINCE));
        assertEquals(Optional.of(new HeldJob("app", "q", "j2", "{2}")), keys.finish("app", "e", "j1"));

        // and the recovery finds such a head left waiting
        keys.register("app", "q1", "f", "k1", "a");
        keys.register("app", "q2", "f", "k2", "a");
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart("app", "q2", "f", "k2", "a", "{k2}", ALIVE_SINCE));
        state.database()
                .update("write as before", "UPDATE roger_execution_job SET state = 'parked' WHERE job_id = 'k2'");
        // the head leaves without handing on (as an earlier release's purge of its queue left it)
        state.database().update("leave as before", "DELETE FROM roger_execution_job WHERE job_id = 'k1'");
        assertEquals(List.of(new HeldJob("app", "q2", "k2", "{k2}")), keys.stalledHeads(0));
    }

    @Test
    void aRunningRowOfThisInstanceThatNoWorkerHoldsIsTakenOver() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        // its outcome was never recorded (the database failed), and the redelivery arrives on the same instance
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
    }

    @Test
    void theRunningJobOfADeadInstanceIsTakenOverByItsRedelivery() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "b");
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE));
        // instance b never sent a heartbeat: it counts as dead, so a's redelivery runs the job
        assertEquals(
                ExecutionDecision.RUN,
                keys.tryStart("app", "q", "e", "j1", "a", "{}", System.currentTimeMillis() - 1000));
    }

    @Test
    void aHeadLeftWaitingIsFoundByTheRecovery() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q1", "e", "j1", "a");
        keys.register("app", "q2", "e", "j2", "a");
        assertEquals(
                ExecutionDecision.WAIT_FOR_KEY,
                keys.tryStart("app", "q2", "e", "j2", "a", "{\"id\":\"j2\"}", ALIVE_SINCE));
        assertEquals(List.of(), keys.stalledHeads(0), "j1 is the head and not waiting");
        // j1 leaves without handing on (an instance died between the two): j2 is now the head, but still waiting
        state.database().update("leave without handing on", "DELETE FROM roger_execution_job WHERE job_id = 'j1'");
        assertEquals(List.of(new HeldJob("app", "q2", "j2", "{\"id\":\"j2\"}")), keys.stalledHeads(0));
        assertEquals(List.of(), keys.stalledHeads(0), "taken once; republishing, so not again before the grace period");
    }

    @Test
    void pausesAndRuntimeApplicationsAreRemembered() {
        state.pauses().pause("app", "q");
        state.pauses().pause("app", "q");
        assertEquals(Set.of(new QueueRef("app", "q")), state.pauses().paused());
        state.pauses().resume("app", "q");
        assertTrue(state.pauses().paused().isEmpty());

        state.applications().save("a", "billing", Map.of("default", 2));
        state.applications().stopped("a", "reports");
        Map<String, Optional<Map<String, Integer>>> apps = state.applications().of("a");
        assertEquals(Optional.of(Map.of("default", 2)), apps.get("billing"));
        assertEquals(Optional.empty(), apps.get("reports"));
        assertTrue(state.applications().of("b").isEmpty());
    }

    @Test
    void buriedAndParkedJobsAreCountedPerApplication() {
        assertEquals(0, state.buried().count("counted"));
        assertEquals(0, state.parked().count("counted"));
        state.buried().bury(new BuriedRow(0, "counted", "q", "b1", "t", 2, "boom", 1, "{}"));
        state.buried().bury(new BuriedRow(0, "counted", "q", "b2", "t", 2, "boom", 2, "{}"));
        state.buried().bury(new BuriedRow(0, "other", "q", "b3", "t", 2, "boom", 3, "{}"));
        state.parked().park(new ParkedRow(0, "counted-p1", "counted", "q", "m1", "not a job", 5, new byte[] {1}));
        assertEquals(2, state.buried().count("counted"));
        assertEquals(1, state.parked().count("counted"));
        assertEquals(1, state.buried().count("other"));
    }

    @Test
    void anInstanceRemembersTheWeightsSetOnItTheLastOneWinning() {
        state.weights().save("a", "billing", 3);
        state.weights().save("a", "shop", 2);
        state.weights().save("a", "billing", 5);
        state.weights().save("b", "billing", 7);
        assertEquals(Map.of("billing", 5, "shop", 2), state.weights().of("a"));
        assertEquals(Map.of("billing", 7), state.weights().of("b"));
        assertTrue(state.weights().of("c").isEmpty());
    }

    @Test
    void rateLimitLeasesNeverHandOutMoreThanAWindowAllowsAndANewWindowStartsAfresh() {
        dev.roger.ratelimit.RateScope queue = dev.roger.ratelimit.RateScope.ofQueue("billing", "default");
        dev.roger.api.RateLimit tenPerSecond = dev.roger.api.RateLimit.parse("10/s");
        assertEquals(4, state.rateLimits().lease(queue, tenPerSecond, 1_000, 4));
        assertEquals(4, state.rateLimits().lease(queue, tenPerSecond, 1_000, 4));
        assertEquals(2, state.rateLimits().lease(queue, tenPerSecond, 1_000, 4), "what is left of the window");
        assertEquals(0, state.rateLimits().lease(queue, tenPerSecond, 1_000, 4));
        assertEquals(0, state.rateLimits().lease(queue, tenPerSecond, 0, 4), "an earlier window is over");
        assertEquals(4, state.rateLimits().lease(queue, tenPerSecond, 2_000, 4), "the next window");
    }

    @Test
    void rateLimitsSetAtRunTimeAreRememberedLiftedOnesToo() {
        dev.roger.ratelimit.RateScope queue = dev.roger.ratelimit.RateScope.ofQueue("billing", "default");
        dev.roger.ratelimit.RateScope application = dev.roger.ratelimit.RateScope.ofApplication("billing");
        state.rateLimits().lease(queue, dev.roger.api.RateLimit.parse("10/s"), 1_000, 1);
        assertTrue(state.rateLimits().setAtRunTime().isEmpty(), "a window alone sets no limit");
        state.rateLimits().set(queue, java.util.Optional.of(dev.roger.api.RateLimit.parse("5/s")));
        state.rateLimits().set(application, java.util.Optional.of(dev.roger.api.RateLimit.parse("600/min")));
        state.rateLimits().set(application, java.util.Optional.empty());
        assertEquals(
                Map.of(
                        queue,
                        java.util.Optional.of(dev.roger.api.RateLimit.parse("5/s")),
                        application,
                        java.util.Optional.empty()),
                state.rateLimits().setAtRunTime());
    }

    @Test
    void longJobsOfADeadInstanceAreClaimedOnce() {
        state.detached().detach("app", "q", "j1", "dead", "{\"id\":\"j1\"}");
        state.detached().detach("app", "q", "j2", "a", "{\"id\":\"j2\"}");
        long aliveSince = System.currentTimeMillis() - 15_000;
        assertEquals(
                List.of(new HeldJob("app", "q", "j1", "{\"id\":\"j1\"}")),
                state.detached().claimOrphans(aliveSince, "a"));
        assertEquals(List.of(), state.detached().claimOrphans(aliveSince, "a"), "claimed by a, which is alive");
        assertEquals(2, state.detached().ownedBy("a").size());
    }

    @Test
    void buriedJobsAreListedOldestFirstInPagesAndTakenOnce() {
        for (int i = 1; i <= 3; i++) {
            state.buried()
                    .bury(new BuriedRow(0, "app", "q", "j" + i, "t", 2, "boom " + i, i, "{\"id\":\"j" + i + "\"}"));
        }
        state.buried().bury(new BuriedRow(0, "app", "q", "j1", "t", 2, "again", 9, "{}"));
        state.buried().bury(new BuriedRow(0, "app", "other", "j9", "t", 2, "elsewhere", 9, "{}"));
        List<BuriedRow> first = state.buried().list("app", "q", 0, 2);
        assertEquals(List.of("j1", "j2"), first.stream().map(BuriedRow::jobId).toList());
        assertEquals("boom 1", first.get(0).error(), "a second burial of the same job keeps the first");
        assertEquals(
                List.of("j3"),
                state.buried().list("app", "q", first.get(1).seq(), 2).stream()
                        .map(BuriedRow::jobId)
                        .toList());

        List<String> published = new ArrayList<>();
        assertTrue(state.buried().take("app", "q", "j2", row -> published.add(row.body())));
        assertFalse(state.buried().take("app", "q", "j2", row -> published.add(row.body())), "taken once");
        assertEquals(List.of("{\"id\":\"j2\"}"), published);
        assertThrows(
                IllegalStateException.class,
                () -> state.buried().take("app", "q", "j3", row -> {
                    throw new IllegalStateException("the broker refused");
                }));
        assertTrue(
                state.buried().list("app", "q", 0, 10).stream()
                        .anyMatch(row -> row.jobId().equals("j3")),
                "a failed publish leaves the job buried");
        assertTrue(state.buried().delete("app", "q", "j3"));
        assertFalse(state.buried().delete("app", "q", "j3"));
        assertEquals(
                List.of("j1"),
                state.buried().list("app", "q", 0, 10).stream()
                        .map(BuriedRow::jobId)
                        .toList());
    }

    @Test
    void parkedMessagesKeepTheirWholeBodyByteForByte() {
        byte[] body = new byte[70_000];
        new java.util.Random(7).nextBytes(body);
        state.parked().park(new ParkedRow(0, "p1", "app", "q", "m1", "not a job", 5, body));
        state.parked().park(new ParkedRow(0, "p1", "app", "q", "m1", "drained twice", 6, body));
        state.parked().park(new ParkedRow(0, "p2", "app", null, null, "no queue", 7, new byte[0]));
        List<ParkedRow> rows = state.parked().list("app", 10);
        assertEquals(List.of("p1", "p2"), rows.stream().map(ParkedRow::parkedId).toList());
        assertArrayEquals(body, rows.get(0).body());
        assertEquals("not a job", rows.get(0).reason());
        assertTrue(state.parked().take("app", "p1", row -> {}));
        assertFalse(state.parked().take("app", "p1", row -> {}));
        assertTrue(state.parked().delete("app", "p2"));
        assertTrue(state.parked().list("app", 10).isEmpty());
    }

    @Test
    void aNulCharacterInTextIsStoredAsAReplacementCharacterInEveryTable() {
        state.parked().park(new ParkedRow(0, "p1", "app", "q", "m\u00001", "bad\u0000reason", 5, new byte[] {0}));
        ParkedRow parked = state.parked().list("app", 10).get(0);
        assertEquals("m\uFFFD1", parked.messageId());
        assertEquals("bad\uFFFDreason", parked.reason());
        assertEquals(1, state.deliveries().redelivered("app", "j\u00001"));
        assertEquals(2, state.deliveries().redelivered("app", "j\u00001"));
        state.records()
                .write(List.of(ARecordChange.of("j1", "failed")
                        .first()
                        .error("a job's own error\u0000", "at\u0000")
                        .rank(5)
                        .build()));
        state.records()
                .write(List.of(ARecordChange.of("j2", "failed")
                        .error("merged\u0000", null)
                        .rank(5)
                        .build()));
        assertEquals(
                "a job's own error\uFFFD",
                state.records().find("app", "j1").orElseThrow().lastError());
        assertEquals(
                "merged\uFFFD", state.records().find("app", "j2").orElseThrow().lastError());
    }

    @Test
    void aValueTheDatabaseRefusesIsARejectionNotAnOutage() {
        String tooLong = "x".repeat(300);
        var refused = assertThrows(
                dev.roger.api.StateRejectedException.class,
                () -> state.records()
                        .write(List.of(ARecordChange.of("j1", "queued")
                                .first()
                                .instance(tooLong)
                                .build())));
        assertTrue(refused.getMessage().contains("write job records"), refused.getMessage());
        assertFalse(refused.getMessage().contains(tooLong), "the value stays out of the message");
        assertTrue(state.records().find("app", "j1").isEmpty());
    }

    @Test
    void redeliveriesAreCountedUntilTheJobIsForgotten() {
        assertEquals(1, state.deliveries().redelivered("app", "j1"));
        assertEquals(2, state.deliveries().redelivered("app", "j1"));
        assertEquals(1, state.deliveries().redelivered("app", "j2"));
        state.deliveries().forget("app", "j1");
        assertEquals(1, state.deliveries().redelivered("app", "j1"), "counted afresh after an outcome");
        assertEquals(0, state.deliveries().forgetOlderThan(0));
        assertEquals(2, state.deliveries().forgetOlderThan(Long.MAX_VALUE));
    }

    @Test
    void aReturnByRogerTakesBackTheRedeliveryThatFollowsIt() {
        state.deliveries().returnedByRoger("app", "fresh");
        assertEquals(0, state.deliveries().redelivered("app", "fresh"), "Roger's return did not count");
        assertEquals(1, state.deliveries().redelivered("app", "j1"));
        state.deliveries().returnedByRoger("app", "j1");
        assertEquals(1, state.deliveries().redelivered("app", "j1"), "the count stays where it was");
        assertEquals(2, state.deliveries().redelivered("app", "j1"), "a broker's redelivery still counts");
    }

    @Test
    void aMessageIdLongerThanTheColumnIsCountedUnderItsFittedId() {
        String longId = "m".repeat(230);
        assertEquals(1, state.deliveries().redelivered("app", longId));
        assertEquals(2, state.deliveries().redelivered("app", longId), "the same long id adds up");
        assertEquals(1, state.deliveries().redelivered("app", "m".repeat(231)), "another long id counts apart");
        state.deliveries().forget("app", longId);
        assertEquals(1, state.deliveries().redelivered("app", longId));
    }

    // ---- atomic claims: of two claimers at once, exactly one wins

    @Test
    void ofTwoWorkersClaimingTheSameCancelAtOnceExactlyOneWins() throws Exception {
        state.cancels().add("app", "job1");
        assertEquals(List.of(false, true), sorted(both(() -> state.cancels().claim("app", "job1"))));
    }

    @Test
    void ofTwoInstancesClaimingTheSameOrphanedLongJobAtOnceExactlyOneGetsIt() throws Exception {
        state.detached().detach("app", "q", "j1", "dead", "{}");
        state.instances().heartbeat("b", Instant.now(), "key-a", System.currentTimeMillis());
        long aliveSince = System.currentTimeMillis() - 15_000;
        List<Integer> claimed = both(
                () -> state.detached().claimOrphans(aliveSince, "a").size(),
                () -> state.detached().claimOrphans(aliveSince, "b").size());
        assertEquals(List.of(0, 1), sorted(claimed));
    }

    @Test
    void ofTwoOperatorsRetryingTheSameBuriedJobAtOnceExactlyOnePublishesIt() throws Exception {
        state.buried().bury(new BuriedRow(0, "app", "q", "j1", "t", 2, "boom", 1, "{}"));
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> taken = both(() -> state.buried().take("app", "q", "j1", row -> published.add(row.jobId())));
        assertEquals(List.of(false, true), sorted(taken));
        assertEquals(List.of("j1"), published);
    }

    @Test
    void ofTwoJobsOfOneExecutionKeyDeliveredAtOnceOnlyTheOlderRuns() throws Exception {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        List<ExecutionDecision> decisions = both(
                () -> keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE),
                () -> keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE));
        assertEquals(List.of(ExecutionDecision.WAIT_FOR_KEY, ExecutionDecision.RUN), decisions);
    }

    @Test
    void ofTwoEnqueuesTakingTheSameQueueKeyAtOnceExactlyOneGetsIt() throws Exception {
        List<Boolean> reserved = both(
                () -> state.queueKeys().reserve("app", "q", "k", "j1", "a"),
                () -> state.queueKeys().reserve("app", "q", "k", "j2", "a"));
        assertEquals(List.of(false, true), sorted(reserved));
    }

    @Test
    void instancesStartingTogetherAllReadTheSameClusterSecret() throws Exception {
        List<String> secrets = both(() -> state.secrets().cluster());
        assertEquals(secrets.get(0), secrets.get(1));
        assertEquals(secrets.get(0), state.secrets().cluster(), "kept, not made again");
    }

    // ---- a late write never moves a job back

    @Test
    void aLateConfirmLeavesARunningExecutionKeyJobRunning() {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        keys.confirm("app", "j1"); // the publish confirm arrives after the delivery
        assertEquals(
                ExecutionDecision.BUSY,
                keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE),
                "still running on a, which lives");
    }

    @Test
    void aLateRepublishMarkLeavesTheRepublishedJobRunning() {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        assertEquals(ExecutionDecision.WAIT_FOR_KEY, keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        assertEquals("j2", keys.finish("app", "e", "j1").orElseThrow().jobId());
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE));
        keys.republished("app", "j2"); // marked after its delivery started it
        assertEquals(ExecutionDecision.BUSY, keys.tryStart("app", "q", "e", "j2", "b", "{}", ALIVE_SINCE));
        assertEquals(List.of(), keys.stalledHeads(Long.MAX_VALUE), "a running head is not stalled");
    }

    @Test
    void aRepublishNeverConfirmedIsTakenAgainAfterItsGracePeriod() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        keys.tryStart("app", "q", "e", "j2", "a", "{\"id\":\"j2\"}", ALIVE_SINCE);
        keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE);
        keys.finish("app", "e", "j1");
        assertEquals(List.of(), keys.stalledHeads(0), "republishing within its grace period");
        assertEquals(
                List.of(new HeldJob("app", "q", "j2", "{\"id\":\"j2\"}")),
                keys.stalledHeads(System.currentTimeMillis() + 60_000));
    }

    @Test
    void aStartingInstanceGivesUpTheRunsOfItsEarlierLife() {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE);
        assertEquals(1, keys.resetRunningOf("a"));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE));
    }

    // ---- idempotent writes

    @Test
    void detachingTheSameLongJobTwiceKeepsOneRow() {
        state.detached().detach("app", "q", "j1", "a", "{\"id\":\"j1\"}");
        state.detached().detach("app", "q", "j1", "a", "{\"id\":\"j1\"}");
        assertEquals(
                List.of(new HeldJob("app", "q", "j1", "{\"id\":\"j1\"}")),
                state.detached().ownedBy("a"));
        state.detached().finished("app", "j1");
        assertEquals(List.of(), state.detached().ownedBy("a"));
    }

    @Test
    void aHeartbeatAgainUpdatesTheOneRecordOfItsInstance() {
        state.instances().heartbeat("a", Instant.ofEpochMilli(5), "key-a", System.currentTimeMillis());
        List<InstanceRecord> all = state.instances().all();
        assertEquals(List.of("a"), all.stream().map(InstanceRecord::name).toList());
        assertEquals(Instant.ofEpochMilli(5), all.get(0).startedAt());
    }

    @Test
    void anInstanceWithAnotherClusterKeyIsFoundWhileItLives() {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        state.instances().heartbeat("c", Instant.now(), "key-a", System.currentTimeMillis());
        assertEquals(List.of("b"), state.instances().aliveWithOtherKey("a", ALIVE_SINCE, "key-a"));
        state.instances().leave("b");
        assertEquals(List.of(), state.instances().aliveWithOtherKey("a", 1, "key-a"), "b left");
    }

    @Test
    void anApplicationStartedAgainAfterAStopIsRememberedWithItsQueues() {
        state.applications().stopped("a", "billing");
        state.applications().save("a", "billing", Map.of("default", 3));
        assertEquals(
                Optional.of(Map.of("default", 3)), state.applications().of("a").get("billing"));
    }

    // ---- expiry

    @Test
    void anExpiredCancelIsNoLongerPendingAndIsDeleted() {
        state.cancels().add("app", "old");
        state.cancels().add("app", "new");
        state.database()
                .update(
                        "age",
                        "UPDATE roger_cancel SET expires_at = ? WHERE job_id = ?",
                        System.currentTimeMillis() - 1,
                        "old");
        assertEquals(Set.of("app/new"), state.cancels().pending());
        assertEquals(1, state.cancels().deleteExpired());
        assertFalse(state.cancels().claim("app", "old"));
        assertTrue(state.cancels().claim("app", "new"));
    }

    @Test
    void instancesSilentForLongAreForgotten() {
        state.instances().heartbeat("b", Instant.now(), "key-b", System.currentTimeMillis());
        state.instances().leave("b");
        assertEquals(1, state.instances().forgetSilentSince(1));
        assertEquals(
                List.of("a"),
                state.instances().all().stream().map(InstanceRecord::name).toList());
    }

    @Test
    void aPlaceInLineTakenByAnInstanceThatDiedBeforePublishingIsGivenUp() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "dead");
        keys.register("app", "q", "e", "j2", "a");
        keys.confirm("app", "j2");
        state.database()
                .update("age", "UPDATE roger_execution_job SET updated_at = ?", System.currentTimeMillis() - 60_000);
        assertEquals(1, keys.recover(System.currentTimeMillis() - 15_000));
        assertEquals(
                ExecutionDecision.RUN,
                keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE),
                "j2 is the head once j1's place is given up");
    }

    /** Runs the one call twice at once. */
    private static <T> List<T> both(Callable<T> call) throws Exception {
        return both(call, call);
    }

    private static ScheduledRow scheduled(String jobId, long dueAt) {
        return new ScheduledRow(
                0,
                "app",
                "q",
                jobId,
                "t",
                dev.roger.job.JobState.SCHEDULED,
                dueAt,
                0,
                null,
                "{\"id\":\"" + jobId + "\"}",
                0);
    }

    @Test
    void scheduledJobsAreDueOnTheDatabasesClock() {
        long now = state.scheduled().now();
        assertTrue(Math.abs(now - System.currentTimeMillis()) < 60_000, "the database's clock, in epoch ms");
        long due = state.scheduled().add(scheduled("later", -1), 3_600_000);
        assertTrue(due >= now + 3_600_000 && due < now + 3_660_000, "due an hour after the database's now: " + due);
        state.scheduled().add(scheduled("past", 1_000), 0);

        List<String> claimed = new ArrayList<>();
        int count = state.scheduled().claimDue(10, 10, rows -> {
            rows.forEach(row -> claimed.add(row.jobId()));
            return ScheduledStore.Claimed.done(
                    rows.stream().map(ScheduledRow::seq).toList());
        });

        assertEquals(1, count);
        assertEquals(List.of("past"), claimed, "only what is due on the database's clock");
        assertEquals(
                List.of("later"),
                state.scheduled().list("app", dev.roger.job.JobState.SCHEDULED, 0, 10).stream()
                        .map(ScheduledRow::jobId)
                        .toList());
        assertEquals(due, state.scheduled().next().dueAt().getAsLong());
    }

    @Test
    void aJobIsScheduledOnceAndKeepsItsFirstDueTime() {
        long first = state.scheduled().add(scheduled("j1", 5_000), 0);
        long second = state.scheduled().add(scheduled("j1", 9_000), 0);
        assertEquals(5_000, first);
        assertEquals(5_000, second, "a second add of the same job (a redelivery) keeps the first row");
        assertEquals(1, state.scheduled().count("app", dev.roger.job.JobState.SCHEDULED));
    }

    @Test
    void aClaimThatFailsLeavesTheJobsAndOnlyPublishedOnesGo() {
        state.scheduled().add(scheduled("a", 1), 0);
        state.scheduled().add(scheduled("b", 2), 0);
        assertThrows(
                IllegalStateException.class,
                () -> state.scheduled().claimDue(10, 10, rows -> {
                    throw new IllegalStateException("the broker refused");
                }));
        assertEquals(2, state.scheduled().count("app", dev.roger.job.JobState.SCHEDULED), "a failed claim keeps both");

        state.scheduled()
                .claimDue(
                        10,
                        10,
                        rows -> ScheduledStore.Claimed.done(List.of(rows.get(0).seq())));

        assertEquals(
                List.of("b"),
                state.scheduled().list("app", dev.roger.job.JobState.SCHEDULED, 0, 10).stream()
                        .map(ScheduledRow::jobId)
                        .toList(),
                "what was not published stays for the next claim");
    }

    @Test
    void theNextAttemptIsStoredWhileTheClaimThatPublishedThisOneIsStillOpen() throws Exception {
        state.scheduled().add(scheduled("j1", 1), 0);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            state.scheduled().claimDue(10, 10, rows -> {
                // the job ran and failed again before the claim committed: its next retry is stored now
                ScheduledRow next = new ScheduledRow(
                        0,
                        "app",
                        "q",
                        "j1",
                        "t",
                        dev.roger.job.JobState.RETRYING,
                        9_000_000_000_000L,
                        1,
                        "boom",
                        "{}",
                        0);
                Future<Long> stored = other.submit(() -> state.scheduled().add(next, 0));
                try {
                    stored.get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // PostgreSQL may make it wait for this transaction; it completes after the commit
                }
                return ScheduledStore.Claimed.done(
                        rows.stream().map(ScheduledRow::seq).toList());
            });
            other.shutdown();
            assertTrue(other.awaitTermination(10, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
        List<ScheduledRow> left = state.scheduled().list("app", dev.roger.job.JobState.RETRYING, 0, 10);
        assertEquals(1, left.size(), "the retry of the next attempt is kept, not taken for the row the claim removed");
        assertEquals(1, left.get(0).attempt());
    }

    @Test
    void aClaimTakesABoundedShareOfEachApplicationsDueJobs() {
        for (int i = 0; i < 5; i++) {
            state.scheduled().add(scheduled("flood" + i, 1 + i), 0);
        }
        state.scheduled()
                .add(
                        new ScheduledRow(
                                0, "other", "q", "late", "t", dev.roger.job.JobState.SCHEDULED, 100, 0, null, "{}", 0),
                        0);
        List<String> claimed = new ArrayList<>();

        state.scheduled().claimDue(4, 2, rows -> {
            rows.forEach(row -> claimed.add(row.jobId()));
            return ScheduledStore.Claimed.done(List.of());
        });

        assertEquals(
                List.of("flood0", "flood1", "late"),
                claimed,
                "two of the flood, oldest first, and the other application's job due after all of them");
    }

    @Test
    void aRowWhosePublishFailedIsDueAgainLaterWithItsFailuresCounted() {
        state.scheduled().add(scheduled("refused", 1), 0);
        state.scheduled().add(scheduled("untouched", 2), 0);
        long now = state.scheduled().now();

        state.scheduled()
                .claimDue(
                        10,
                        10,
                        rows -> new ScheduledStore.Claimed(
                                List.of(), java.util.Map.of(rows.get(0).seq(), 60_000L)));

        ScheduledRow refused = state.scheduled().find("app", "refused").orElseThrow();
        assertEquals(1, refused.publishFailures());
        assertTrue(
                refused.dueAt() >= now + 60_000 && refused.dueAt() < now + 120_000,
                "due a minute after the database's now: " + refused.dueAt());
        ScheduledRow untouched = state.scheduled().find("app", "untouched").orElseThrow();
        assertEquals(2, untouched.dueAt(), "a row the answer does not name stays as it was");
        assertEquals(0, untouched.publishFailures());
        List<String> next = new ArrayList<>();
        state.scheduled().claimDue(10, 10, rows -> {
            rows.forEach(row -> next.add(row.jobId()));
            return ScheduledStore.Claimed.done(List.of());
        });
        assertEquals(List.of("untouched"), next, "the refused row left the line until it is due again");
    }

    @Test
    void twoClaimersNeverGetTheSameDueJob() throws Exception {
        for (int i = 0; i < 200; i++) {
            state.scheduled().add(scheduled("j" + i, i), 0);
        }
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        Callable<Integer> claimer = () -> {
            int total = 0;
            int claimed;
            do {
                claimed = state.scheduled().claimDue(7, 7, rows -> {
                    rows.forEach(row -> all.add(row.jobId()));
                    return ScheduledStore.Claimed.done(
                            rows.stream().map(ScheduledRow::seq).toList());
                });
                total += claimed;
            } while (claimed > 0);
            return total;
        };

        List<Integer> counts = both(claimer, claimer);

        assertEquals(200, counts.get(0) + counts.get(1));
        assertEquals(200, Set.copyOf(all).size(), "no job claimed twice");
        assertTrue(state.scheduled().next().dueAt().isEmpty());
    }

    @Test
    void aScheduledJobIsMovedMadeDueOrRemovedOnce() {
        state.scheduled().add(scheduled("j1", 4_000_000_000_000L), 0);
        state.scheduled().add(scheduled("j2", 4_000_000_000_000L), 0);
        assertTrue(state.scheduled().move("app", "j1", dev.roger.job.JobState.SCHEDULED, 5_000_000_000_000L));
        assertEquals(
                5_000_000_000_000L,
                state.scheduled().find("app", "j1").orElseThrow().dueAt());
        assertTrue(state.scheduled().move("app", "j1", null, -1), "run now");
        assertTrue(state.scheduled().find("app", "j1").orElseThrow().dueAt()
                <= state.scheduled().now());
        assertEquals(1, state.scheduled().dueNow("app", dev.roger.job.JobState.SCHEDULED), "j2; j1 is due already");

        assertEquals(
                "j2", state.scheduled().remove("app", "j2", null).orElseThrow().jobId());
        assertTrue(state.scheduled().remove("app", "j2", null).isEmpty(), "removed once");
        assertFalse(state.scheduled().move("app", "j2", null, 1));
    }

    @Test
    void aScheduledJobIsNeitherMovedNorRemovedAsARetryNorARetryAsAScheduledJob() {
        state.scheduled().add(scheduled("j1", 4_000_000_000_000L), 0);
        ScheduledRow retry = scheduled("r1", 4_000_000_000_000L);
        state.scheduled()
                .add(
                        new ScheduledRow(
                                0,
                                "app",
                                "q",
                                "r1",
                                "t",
                                dev.roger.job.JobState.RETRYING,
                                -1,
                                1,
                                "boom",
                                retry.body(),
                                0),
                        60_000);

        assertFalse(state.scheduled().move("app", "j1", dev.roger.job.JobState.RETRYING, -1));
        assertTrue(state.scheduled()
                .remove("app", "j1", dev.roger.job.JobState.RETRYING)
                .isEmpty());
        assertFalse(state.scheduled().move("app", "r1", dev.roger.job.JobState.SCHEDULED, -1));
        assertTrue(state.scheduled()
                .remove("app", "r1", dev.roger.job.JobState.SCHEDULED)
                .isEmpty());
        assertEquals(
                4_000_000_000_000L,
                state.scheduled().find("app", "j1").orElseThrow().dueAt(),
                "j1 untouched");

        assertEquals(
                "r1",
                state.scheduled()
                        .remove("app", "r1", dev.roger.job.JobState.RETRYING)
                        .orElseThrow()
                        .jobId());
        assertEquals(
                "j1",
                state.scheduled()
                        .remove("app", "j1", dev.roger.job.JobState.SCHEDULED)
                        .orElseThrow()
                        .jobId());
    }

    private static RecurringRow recurring(String name, String cron, boolean configured, long nextFire) {
        return new RecurringRow(
                "app", name, "echo", "{}", cron, "UTC", "CATCH_UP", true, configured, false, nextFire, -1, null, null);
    }

    @Test
    void aRecurringJobKeepsItsNextFireWhenItsTimesDoNotChange() {
        RecurringStore store = state.recurring();
        assertEquals(RecurringStore.Defined.CREATED, store.define(recurring("nightly", "0 3 * * *", true, 1_000)));
        assertEquals(
                RecurringStore.Defined.REPLACED,
                store.define(recurring("nightly", "0 3 * * *", true, 9_000)),
                "the same times at the next start");
        assertEquals(1_000, store.find("app", "nightly").orElseThrow().nextFire(), "a missed time stays missed");
        store.define(recurring("nightly", "0 4 * * *", true, 9_000));
        assertEquals(9_000, store.find("app", "nightly").orElseThrow().nextFire(), "new times, a new next fire");
        assertEquals(
                RecurringStore.Defined.CONFIGURED,
                store.define(recurring("nightly", "* * * * *", false, 5)),
                "the API may not replace a configured one");
        assertEquals("0 4 * * *", store.find("app", "nightly").orElseThrow().cron());
        assertEquals(
                List.of("nightly"),
                store.configured().stream().map(RecurringRow::name).toList());
    }

    @Test
    void aPausedRecurringJobIsNeverDueUntilResumed() {
        RecurringStore store = state.recurring();
        store.define(recurring("r", "* * * * *", false, 1_000));
        assertTrue(store.pause("app", "r"));
        assertTrue(store.next().fireAt().isEmpty());
        assertEquals(0, store.fireDue(10, (due, now, fired) -> {
            throw new AssertionError("a paused job fired");
        }));
        store.define(recurring("r", "*/5 * * * *", false, 2_000));
        assertTrue(store.find("app", "r").orElseThrow().paused(), "replacing it keeps it paused");
        assertTrue(store.resume("app", "r", 3_000));
        assertEquals(3_000, store.next().fireAt().getAsLong());
        assertFalse(store.pause("app", "none"));
        assertFalse(store.resume("app", "none", 1));
    }

    @Test
    void eachDueTimeFiresOnceWhenTwoInstancesFireTogether() throws Exception {
        RecurringStore store = state.recurring();
        for (int i = 0; i < 30; i++) {
            store.define(recurring("r" + i, "* * * * *", false, 1_000 + i));
        }
        List<String> fired = Collections.synchronizedList(new ArrayList<>());
        Callable<Integer> instance = () -> {
            int total = 0;
            int due;
            do {
                due = store.fireDue(7, (row, now, alreadyFired) -> {
                    assertFalse(alreadyFired.test(row.nextFire()));
                    fired.add(row.name() + "@" + row.nextFire());
                    return new RecurringStore.Fired(
                            new RecurringFireRow(row.nextFire(), now, "job-" + row.name(), "enqueued", "a"),
                            4_000_000_000_000L);
                });
                total += due;
            } while (due > 0);
            return total;
        };
        List<Integer> counts = both(instance, instance);
        assertEquals(30, counts.get(0) + counts.get(1));
        assertEquals(30, Set.copyOf(fired).size(), "no time fired twice: " + fired);
        RecurringRow r7 = store.find("app", "r7").orElseThrow();
        assertEquals(1_007, r7.lastFire());
        assertEquals("job-r7", r7.lastJobId());
        assertEquals(4_000_000_000_000L, r7.nextFire());
        assertEquals(
                List.of(1_007L),
                store.fires("app", "r7", 0, 10).stream()
                        .map(RecurringFireRow::fireAt)
                        .toList());
    }

    @Test
    void aTimeWithItsFireRowIsNotFiredAgainAndAFailedFireStaysDue() {
        RecurringStore store = state.recurring();
        store.define(recurring("r", "* * * * *", false, 1_000));
        assertEquals(1, store.fireDue(10, (row, now, fired) -> null), "the broker did not take it");
        assertEquals(1_000, store.find("app", "r").orElseThrow().nextFire(), "still due");
        store.fireDue(
                10,
                (row, now, fired) ->
                        new RecurringStore.Fired(new RecurringFireRow(1_000, now, "j1", "enqueued", "a"), 1_000));
        boolean[] seen = new boolean[1];
        store.fireDue(10, (row, now, fired) -> {
            seen[0] = fired.test(1_000);
            return new RecurringStore.Fired(null, 2_000);
        });
        assertTrue(seen[0], "the time has its row");
        assertEquals(2_000, store.find("app", "r").orElseThrow().nextFire());
        assertEquals("j1", store.find("app", "r").orElseThrow().lastJobId());
    }

    @Test
    void runsNowAreRecordedLatestFirstAndDeletingTakesTheFiresAlong() {
        RecurringStore store = state.recurring();
        store.define(recurring("r", "0 3 * * *", false, 4_000_000_000_000L));
        store.ranNow("app", "r", "j1", "a");
        store.ranNow("app", "r", "j2", "b");
        List<RecurringFireRow> fires = store.fires("app", "r", 0, 10);
        assertEquals(
                List.of("j2", "j1"), fires.stream().map(RecurringFireRow::jobId).toList());
        assertEquals(2, store.countFires("app", "r"));
        assertEquals("j2", store.find("app", "r").orElseThrow().lastJobId());
        assertTrue(store.delete("app", "r"));
        assertFalse(store.delete("app", "r"));
        assertEquals(0, store.countFires("app", "r"));
        assertTrue(store.list("app").isEmpty());
    }

    private static RecordChange change(String jobId, String state, long rank, long updatedAt) {
        return change("app", jobId, state, rank, updatedAt);
    }

    private static RecordChange change(String application, String jobId, String state, long rank, long updatedAt) {
        return ARecordChange.of(jobId, state)
                .application(application)
                .rank(rank)
                .updatedAt(updatedAt)
                .build();
    }

    private static List<String> ids(List<dev.roger.api.JobRecord> records) {
        return records.stream().map(dev.roger.api.JobRecord::id).toList();
    }

    private static RecordChange queued(String jobId) {
        return ARecordChange.of(jobId, "queued")
                .queue("default")
                .type("echo")
                .first()
                .enqueuedAt(1_000L)
                .attempt(0)
                .args("{\"n\":1}")
                .updatedAt(1_000)
                .build();
    }

    /** A job's first run, on another instance than its enqueue, soon after it: most likely no record yet. */
    private static RecordChange firstRun(String jobId, long updatedAt) {
        return ARecordChange.of(jobId, "running")
                .queue("default")
                .type("echo")
                .first()
                .enqueuedAt(1_000L)
                .attempt(0)
                .instance("b")
                .args("{\"n\":1}")
                .rank(3)
                .updatedAt(updatedAt)
                .build();
    }

    @Test
    void aJobRecordOnlyMovesForwardAndALateWriteOnlyFillsWhatItLacks() {
        RecordStore records = state.records();
        // the run's end arrives before its start (another instance wrote its start later)
        records.write(List.of(change("j1", "succeeded", 5, 2_000)));
        records.write(List.of(ARecordChange.of("j1", "running")
                .queue("default")
                .type("echo")
                .attempt(0)
                .args("{\"n\":1}")
                .rank(3)
                .updatedAt(1_500)
                .build()));
        dev.roger.api.JobRecord record = records.find("app", "j1").orElseThrow();
        assertEquals("succeeded", record.state(), "the late start did not move it back");
        assertEquals("echo", record.type(), "but filled in its type");
        assertEquals("{\"n\":1}", record.args());

        records.write(List.of(change("j1", "running", 13, 3_000)));
        assertEquals("running", records.find("app", "j1").orElseThrow().state(), "the next attempt moves it");
        assertEquals(1, records.find("app", "j1").orElseThrow().attempt());
    }

    @Test
    void aJobsFirstChangeWhoseRecordExistsIsMergedUnlessItOnlyOpensTheRecordAndItsBatchIsWrittenWhole() {
        RecordStore records = state.records();
        records.write(List.of(firstRun("j1", 2_000), change("j1b", "succeeded", 5, 2_000)));
        records.write(List.of(change("j1", "succeeded", 5, 2_100), queued("j4")));
        // j1's enqueue comes late (the instance that ran it wrote its record first): it adds nothing; j4's
        // first run comes after its enqueue was written: it moves the record
        records.write(List.of(
                queued("j2"), queued("j1"), change("j3", "running", 3, 2_500), firstRun("j4", 2_600), queued("j1b")));
        dev.roger.api.JobRecord j1 = records.find("app", "j1").orElseThrow();
        assertEquals("succeeded", j1.state());
        assertEquals("b", j1.instance());
        assertEquals(Instant.ofEpochMilli(2_100), j1.updatedAt(), "the late enqueue wrote nothing");
        assertEquals("succeeded", records.find("app", "j1b").orElseThrow().state());
        assertNull(records.find("app", "j1b").orElseThrow().type(), "the late enqueue wrote nothing");
        assertEquals("queued", records.find("app", "j2").orElseThrow().state());
        assertEquals("running", records.find("app", "j3").orElseThrow().state());
        assertEquals("running", records.find("app", "j4").orElseThrow().state(), "the first run moved it");
        assertEquals("b", records.find("app", "j4").orElseThrow().instance());
    }

    @Test
    void aNewRecordKeepsTextWithQuotesCommasAndLinesAsItWas() {
        RecordStore records = state.records();
        String args = "{\"note\":\"a, \\\"quoted\\\" word\"}";
        String stack = "java.lang.IllegalStateException: no\n\tat A.b(A.java:1)\r\n\"end\",";
        records.write(List.of(ARecordChange.of("t1", "failed")
                .queue("default")
                .type("echo")
                .first()
                .attempt(0)
                .args(args)
                .error("no, \"really\"", stack)
                .rank(5)
                .updatedAt(2_000)
                .build()));
        dev.roger.api.JobRecord record = records.find("app", "t1").orElseThrow();
        assertEquals(args, record.args());
        assertEquals(stack, record.errorStack());
        assertEquals("no, \"really\"", record.lastError());
        assertNull(record.result(), "unknown stays null, not empty");
        assertNull(record.startedAt());
    }

    @Test
    void aBatchOfFirstChangesSomeOfWhoseRecordsExistIsWrittenWhole() {
        RecordStore records = state.records();
        List<RecordChange> earlier = new ArrayList<>();
        List<RecordChange> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            if (i % 7 == 0) {
                earlier.add(queued("m" + i));
            }
            batch.add(firstRun("m" + i, 2_000));
        }
        records.write(earlier);
        records.write(batch);
        assertEquals(
                120,
                records.count("app", "running", null, "echo"),
                "inserted or merged, in whole statements and left over");
    }

    @Test
    void aLargeBatchOfRecordChangesIsWrittenWhole() {
        RecordStore records = state.records();
        List<RecordChange> queued = new ArrayList<>();
        List<RecordChange> succeeded = new ArrayList<>();
        for (int i = 0; i < 123; i++) {
            queued.add(queued("b" + i));
            succeeded.add(change("b" + i, "succeeded", 5, 2_000));
        }
        records.write(queued);
        assertEquals(123, records.count("app", "queued", null, null));
        records.write(succeeded);
        assertEquals(123, records.count("app", "succeeded", null, "echo"), "moved on, type kept");
    }

    @Test
    void anOperatorsRetryReopensAJobThatEnded() {
        RecordStore records = state.records();
        records.write(List.of(change("j1", "failed", 5, 2_000)));
        RecordChange reopen = ARecordChange.of("j1", "queued")
                .reopen()
                .attempt(0)
                .updatedAt(3_000)
                .build();
        records.write(List.of(reopen));
        assertEquals("queued", records.find("app", "j1").orElseThrow().state());
    }

    @Test
    void jobRecordsAreListedLatestFirstFilteredAndDeletedWhenExpired() {
        RecordStore records = state.records();
        List<RecordChange> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(change("s" + i, i % 2 == 0 ? "succeeded" : "failed", 5, 1_000 + i));
        }
        records.write(batch);
        assertEquals(List.of("s8", "s6"), ids(records.list("app", "succeeded", null, null, 0, 2)));
        assertEquals(
                List.of("s8", "s7", "s6"),
                ids(records.list("app", null, null, null, 1, 3)),
                "all states, latest first, paged");
        assertEquals(5, records.count("app", "failed", null, null));
        assertEquals(10, records.count("app", null, null, null));
        assertEquals(0, records.count("app", null, "default", null));
        RecordStore.Deleted first = records.deleteExpired("", new RecordStore.Expiry(1_006, 0, 0), 3);
        assertEquals(new RecordStore.Deleted(3, "app"), first, "a batch at most; the next starts where it stopped");
        assertEquals(
                new RecordStore.Deleted(0, null),
                records.deleteExpired("app", new RecordStore.Expiry(1_006, 0, 0), 3),
                "none of those is left, and the pass is over");
        assertEquals(2, records.count("app", "succeeded", null, null), "s6 and s8 are younger");
        assertEquals(5, records.count("app", "failed", null, null), "failed ones are kept longer");
        assertEquals(
                5,
                records.deleteExpired("", new RecordStore.Expiry(0, 2_000, 0), 100)
                        .count());
    }

    @Test
    void aListOfAllStatesIsPagedLatestFirstAcrossStates() {
        RecordStore records = state.records();
        List<RecordChange> batch = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            batch.add(queued("e" + i));
        }
        records.write(batch);
        List<RecordChange> ends = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            ends.add(change("e" + i, i % 3 == 0 ? "failed" : "succeeded", 5, 2_000 + i / 10));
        }
        records.write(ends);
        List<String> second = ids(records.list("app", null, null, "echo", 20, 20));
        assertEquals(List.of("e8", "e9"), second, "the oldest two: e0 to e9 share a time, ordered by id");
        records.write(List.of(change("x0", "scheduled", 0, 1_000)));
        for (int i = 0; i < 22; i++) {
            records.write(List.of(change("e" + i, "succeeded", 15, 3_000 + i)));
        }
        assertEquals(
                List.of("e1", "e0", "x0"),
                ids(records.list("app", null, null, null, 20, 20)),
                "a page beyond the first of one state");
        assertEquals(List.of("e1", "e0"), ids(records.list("app", null, null, "echo", 20, 20)), "filtered by type");
        List<RecordChange> same = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            same.add(change("e" + i, "succeeded", 25, 9_000));
        }
        records.write(same);
        assertEquals(List.of("e8", "e9"), ids(records.list("app", null, null, "echo", 20, 20)), "all at one time");
    }

    @Test
    void expiredJobRecordsOfEveryApplicationAreDeleted() {
        RecordStore records = state.records();
        for (String app : List.of("a1", "a2", "a3")) {
            records.write(List.of(change(app, "j", "succeeded", 5, 1_000)));
        }
        RecordStore.Expiry expiry = new RecordStore.Expiry(2_000, 0, 0);
        RecordStore.Deleted first = records.deleteExpired("", expiry, 2);
        assertEquals(new RecordStore.Deleted(2, "a2"), first, "a batch at most");
        assertEquals(new RecordStore.Deleted(1, null), records.deleteExpired(first.nextApplication(), expiry, 2));
        for (String app : List.of("a1", "a2", "a3")) {
            assertTrue(records.find(app, "j").isEmpty(), app);
        }
    }

    @Test
    void aRecordThatNeverEndedExpiresOnlyAfterItsOwnLongerTime() {
        RecordStore records = state.records();
        records.write(List.of(change("lost", "running", 5, 1_000), change("waits", "scheduled", 0, 5_000)));

        assertEquals(
                0,
                records.deleteExpired("", new RecordStore.Expiry(9_000, 9_000, 0), 10)
                        .count());
        assertEquals(
                1,
                records.deleteExpired("", new RecordStore.Expiry(0, 0, 2_000), 10)
                        .count());

        assertTrue(records.find("app", "lost").isEmpty(), "the record whose end was lost went");
        assertTrue(records.find("app", "waits").isPresent(), "a younger one stays");
    }

    @Test
    void aFailedJobsMessageIsKeptForItsRetry() {
        RecordStore records = state.records();
        records.write(List.of(ARecordChange.of("j1", "failed")
                .queue("default")
                .type("broken")
                .rank(5)
                .finishedAt(2_000L)
                .attempt(0)
                .instance("a")
                .error("boom", "stack")
                .body("{\"id\":\"j1\"}")
                .updatedAt(2_000)
                .build()));
        assertEquals("{\"id\":\"j1\"}", records.failedBody("app", "j1").orElseThrow());
        assertTrue(records.failedBody("app", "other").isEmpty());
    }

    /** Runs both calls at once, released together; their results in the calls' order. */
    private static <T> List<T> both(Callable<T> first, Callable<T> second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T extends Comparable<T>> List<T> sorted(List<T> values) {
        List<T> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return copy;
    }

    private static HistoryRow counts(String application, String queue, String type, long at, long... counts) {
        return new HistoryRow(application, queue, type, at, counts[0], counts[1], counts[2], counts[3]);
    }

    @Test
    void historyCountsAddUpAcrossWritesAndAreSummedOverQueuesAndTypes() {
        HistoryStore history = state.history();
        history.add(
                List.of(
                        counts("app", "default", "echo", 60_000, 3, 1, 1, 0),
                        counts("app", "bulk", "echo", 60_000, 2, 0, 0, 0)),
                List.of(counts("app", "default", "echo", 0, 3, 1, 1, 0), counts("app", "bulk", "echo", 0, 2, 0, 0, 0)));
        history.add(
                List.of(
                        counts("app", "default", "echo", 60_000, 1, 2, 1, 1),
                        counts("app", "default", "fail", 120_000, 0, 1, 0, 1),
                        counts("other", "default", "echo", 60_000, 100, 0, 0, 0)),
                List.of(counts("app", "default", "echo", 0, 1, 3, 1, 2)));

        assertEquals(
                List.of(counts("app", null, null, 60_000, 6, 3, 2, 1), counts("app", null, null, 120_000, 0, 1, 0, 1)),
                history.read("app", null, 0, false));
        assertEquals(List.of(counts("app", "bulk", null, 60_000, 2, 0, 0, 0)), history.read("app", "bulk", 0, false));
        assertEquals(
                List.of(counts("app", null, null, 120_000, 0, 1, 0, 1)), history.read("app", null, 120_000, false));
        assertEquals(List.of(counts("app", null, null, 0, 6, 4, 2, 2)), history.read("app", null, 0, true));
        assertTrue(history.read("idle", null, 0, false).isEmpty(), "no rows for an application without outcomes");
    }

    @Test
    void twoInstancesAddingToTheSameRowsAtOnceLoseNoCount() throws Exception {
        HistoryStore history = state.history();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        history.add(
                                List.of(
                                        counts("app", "default", "echo", 60_000, 1, 0, 0, 0),
                                        counts("app", "bulk", "echo", 60_000, 1, 0, 0, 0)),
                                List.of(counts("app", "default", "echo", 0, 1, 0, 0, 0)));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(counts("app", null, null, 60_000, 80, 0, 0, 0)), history.read("app", null, 0, false));
        assertEquals(List.of(counts("app", null, null, 0, 40, 0, 0, 0)), history.read("app", null, 0, true));
    }

    @Test
    void expiredHistoryIsDeletedInBatchesOfMinutesAndHoursApart() {
        HistoryStore history = state.history();
        List<HistoryRow> minutes = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            minutes.add(counts("app", "default", "echo", minute * 60_000L, 1, 0, 0, 0));
        }
        history.add(minutes, List.of(counts("app", "default", "echo", 0, 5, 0, 0, 0)));

        assertEquals(2, history.deleteBefore(false, 180_000, 2));
        assertEquals(1, history.deleteBefore(false, 180_000, 2));
        assertEquals(0, history.deleteBefore(false, 180_000, 2));
        assertEquals(
                List.of(180_000L, 240_000L),
                history.read("app", null, 0, false).stream().map(HistoryRow::at).toList());
        assertEquals(1, history.read("app", null, 0, true).size(), "the hours are kept apart");
        assertEquals(1, history.deleteBefore(true, 3_600_000, 10));
        assertTrue(history.read("app", null, 0, true).isEmpty());
    }
}
