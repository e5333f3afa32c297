package dev.roger.state;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state stores against H2 2.2 (Payara's embedded default database), in memory. */
class SharedStateOnH2Test {

    private SharedState state;
    private static final long ALIVE_SINCE = 0;

    @BeforeEach
    void freshDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = SharedState.on(dataSource);
        state.database().createSchema();
        state.database().createSchema(); // idempotent
        state.instances().heartbeat("a", Instant.now(), "key-a");
    }

    @Test
    void aCancelIsClaimedExactlyOnce() {
        state.cancels().add("app", "job1");
        state.cancels().add("app", "job1");
        assertEquals(java.util.Set.of("app/job1"), state.cancels().pending());
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
        assertEquals(java.util.Set.of("default", "other"), state.queues().of("app"));
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
    void aPurgeReleasesTheKeysOfItsQueue() {
        state.queueKeys().reserve("app", "q1", "k1", "job1", "a");
        state.queueKeys().reserve("app", "q2", "k2", "job2", "a");
        assertEquals(1, state.queueKeys().releaseQueue("app", "q1"));
        assertTrue(state.queueKeys().reserve("app", "q1", "k1", "job3", "a"));
        assertFalse(state.queueKeys().reserve("app", "q2", "k2", "job4", "a"));
    }

    @Test
    void aReservationOfADeadInstanceIsRecoveredButAConfirmedKeyIsNot() {
        state.queueKeys().reserve("app", "q", "unconfirmed", "job1", "dead");
        state.queueKeys().reserve("app", "q", "confirmed", "job2", "dead");
        state.queueKeys().confirm("app", "confirmed", "job2");
        long now = System.currentTimeMillis();
        // pretend the reservations are older than the grace period
        state.database().update("age", "UPDATE roger_queue_key SET created_at = ?", now - 60_000);
        assertEquals(1, state.queueKeys().recover(now - 15_000, now - 300_000));
        assertTrue(state.queueKeys().reserve("app", "q", "unconfirmed", "job3", "a"));
        assertFalse(state.queueKeys().reserve("app", "q", "confirmed", "job4", "a"));
    }

    @Test
    void executionKeyJobsRunOneAtATimeInEnqueueOrderAndTheParkedOneIsHandedOn() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q", "e", "j1", "a");
        keys.register("app", "q", "e", "j2", "a");
        keys.register("app", "q", "e", "j3", "a");

        // j2 arrives first: it must wait for j1
        assertEquals(ExecutionDecision.PARKED, keys.tryStart("app", "q", "e", "j2", "a", "{\"id\":\"j2\"}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.BUSY, keys.tryStart("app", "q", "e", "j1", "b", "{}", ALIVE_SINCE),
                "a second delivery of the running job, on another instance, waits while the first instance lives");

        Optional<ParkedJob> next = keys.finish("app", "e", "j1");
        assertEquals(Optional.of(new ParkedJob("app", "q", "j2", "{\"id\":\"j2\"}")), next);
        keys.republished("app", "j2");
        assertEquals(ExecutionDecision.PARKED, keys.tryStart("app", "q", "e", "j3", "a", "{}", ALIVE_SINCE));
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j2", "a", "{}", ALIVE_SINCE));
        assertEquals("j3", keys.finish("app", "e", "j2").orElseThrow().jobId());
        assertEquals(Optional.empty(), keys.finish("app", "e", "j3"));
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
        assertEquals(ExecutionDecision.RUN, keys.tryStart("app", "q", "e", "j1", "a", "{}", System.currentTimeMillis() - 1000));
    }

    @Test
    void aHeadLeftParkedIsFoundByTheRecovery() {
        ExecutionKeyStore keys = state.executionKeys();
        keys.register("app", "q1", "e", "j1", "a");
        keys.register("app", "q2", "e", "j2", "a");
        assertEquals(ExecutionDecision.PARKED, keys.tryStart("app", "q2", "e", "j2", "a", "{\"id\":\"j2\"}", ALIVE_SINCE));
        assertEquals(List.of(), keys.stalledHeads(0), "j1 is the head and not parked");
        // j1's queue is purged: j2 is now the head, but parked
        assertEquals(1, keys.releaseQueue("app", "q1"));
        assertEquals(List.of(new ParkedJob("app", "q2", "j2", "{\"id\":\"j2\"}")), keys.stalledHeads(0));
        assertEquals(List.of(), keys.stalledHeads(0), "taken once; republishing, so not again before the grace period");
    }

    @Test
    void pausesAndRuntimeApplicationsAreRemembered() {
        state.pauses().pause("app", "q");
        state.pauses().pause("app", "q");
        assertEquals(java.util.Set.of(new QueueRef("app", "q")), state.pauses().paused());
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
    void longJobsOfADeadInstanceAreClaimedOnce() {
        state.detached().detach("app", "q", "j1", "dead", "{\"id\":\"j1\"}");
        state.detached().detach("app", "q", "j2", "a", "{\"id\":\"j2\"}");
        long aliveSince = System.currentTimeMillis() - 15_000;
        assertEquals(List.of(new ParkedJob("app", "q", "j1", "{\"id\":\"j1\"}")), state.detached().claimOrphans(aliveSince, "a"));
        assertEquals(List.of(), state.detached().claimOrphans(aliveSince, "a"), "claimed by a, which is alive");
        assertEquals(2, state.detached().ownedBy("a").size());
    }

    @Test
    void buriedJobsAreListedOldestFirstInPagesAndTakenOnce() {
        for (int i = 1; i <= 3; i++) {
            state.buried().bury(new BuriedRow(0, "app", "q", "j" + i, "t", 2, "boom " + i, i, "{\"id\":\"j" + i + "\"}"));
        }
        state.buried().bury(new BuriedRow(0, "app", "q", "j1", "t", 2, "again", 9, "{}"));
        state.buried().bury(new BuriedRow(0, "app", "other", "j9", "t", 2, "elsewhere", 9, "{}"));
        List<BuriedRow> first = state.buried().list("app", "q", 0, 2);
        assertEquals(List.of("j1", "j2"), first.stream().map(BuriedRow::jobId).toList());
        assertEquals("boom 1", first.get(0).error(), "a second burial of the same job keeps the first");
        assertEquals(List.of("j3"), state.buried().list("app", "q", first.get(1).seq(), 2).stream().map(BuriedRow::jobId).toList());

        List<String> published = new java.util.ArrayList<>();
        assertTrue(state.buried().take("app", "q", "j2", row -> published.add(row.body())));
        assertFalse(state.buried().take("app", "q", "j2", row -> published.add(row.body())), "taken once");
        assertEquals(List.of("{\"id\":\"j2\"}"), published);
        assertThrows(IllegalStateException.class, () -> state.buried().take("app", "q", "j3", row -> {
            throw new IllegalStateException("the broker refused");
        }));
        assertTrue(state.buried().list("app", "q", 0, 10).stream().anyMatch(row -> row.jobId().equals("j3")),
                "a failed publish leaves the job buried");
        assertTrue(state.buried().delete("app", "q", "j3"));
        assertFalse(state.buried().delete("app", "q", "j3"));
        assertEquals(List.of("j1"), state.buried().list("app", "q", 0, 10).stream().map(BuriedRow::jobId).toList());
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
        assertTrue(state.parked().take("app", "p1", row -> { }));
        assertFalse(state.parked().take("app", "p1", row -> { }));
        assertTrue(state.parked().delete("app", "p2"));
        assertTrue(state.parked().list("app", 10).isEmpty());
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
}
