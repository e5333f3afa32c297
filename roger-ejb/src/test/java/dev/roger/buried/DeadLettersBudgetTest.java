package dev.roger.buried;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.api.BuriedJob;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.job.AJob;
import dev.roger.job.JobCodec;
import dev.roger.job.JobMessage;
import dev.roger.state.SharedState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listing buried jobs and parked messages stops at the byte budget, not only at the count asked for. */
class DeadLettersBudgetTest {

    private static final int BIG_ARGS = 300_000;

    private final JobCodec codec = new JobCodec();
    private SharedState state;
    private DeadLetters deadLetters;

    @BeforeEach
    void freshDatabase() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        state = SharedState.on(dataSource);
        state.database().createSchema();
        deadLetters = new DeadLetters(
                codec, state.buried(), state.parked(), (application, queue, job, from) -> {}, (a, q, id, body) -> {});
    }

    private void bury(String id, int argsLength) {
        JobMessage job =
                AJob.ofType("t").id(id).args("x".repeat(argsLength)).attempt(2).build();
        String body = new String(codec.encode(job), StandardCharsets.UTF_8);
        state.buried().bury(new BuriedRow(0, "app", "q", id, "t", 2, "boom", 1, body));
    }

    @Test
    void buriedJobsOfLargeArgsStopBeforeTheBudgetAndSayTheyWereTruncated() {
        IntStream.rangeClosed(1, 5).forEach(i -> bury("j" + i, BIG_ARGS));
        Listing<BuriedJob> listing = deadLetters.buried("app", "q", 50);
        assertEquals(
                List.of("j1", "j2", "j3"),
                listing.items().stream().map(BuriedJob::id).toList(),
                "three of 300 kB fit in 1 MiB, a fourth would not");
        assertTrue(listing.truncated());

        Listing<BuriedJob> two = deadLetters.buried("app", "q", 2);
        assertEquals(2, two.items().size());
        assertFalse(two.truncated(), "reaching the limit asked for is no truncation");
    }

    @Test
    void smallBuriedJobsAreListedUpToTheLimitAcrossPages() {
        IntStream.rangeClosed(1, 250).forEach(i -> bury("j" + i, 10));
        Listing<BuriedJob> some = deadLetters.buried("app", "q", 120);
        assertEquals(
                IntStream.rangeClosed(1, 120).mapToObj(i -> "j" + i).toList(),
                some.items().stream().map(BuriedJob::id).toList());
        assertFalse(some.truncated());
        Listing<BuriedJob> all = deadLetters.buried("app", "q", 1000);
        assertEquals(250, all.items().size());
        assertFalse(all.truncated());
    }

    @Test
    void parkedMessagesStopBeforeTheBudgetAndSayTheyWereTruncated() {
        byte[] body = "y".repeat(5_000).getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i <= 700; i++) {
            state.parked().park(new ParkedRow(0, "p" + i, "app", "q", null, "r", i, body));
        }
        Listing<ParkedMessage> listing = deadLetters.parked("app", 1000);
        assertTrue(listing.truncated());
        long bytes = listing.items().stream()
                .mapToLong(m -> m.body().getBytes(StandardCharsets.UTF_8).length + 1)
                .sum();
        assertTrue(bytes <= Listing.BYTE_BUDGET, bytes + " bytes");
        assertTrue(bytes + 2_000 > Listing.BYTE_BUDGET, "it stops only when the next would not fit: " + bytes);
        assertEquals("p1", listing.items().get(0).parkedId());

        Listing<ParkedMessage> fifty = deadLetters.parked("app", 50);
        assertEquals(50, fifty.items().size());
        assertFalse(fifty.truncated());
    }
}
