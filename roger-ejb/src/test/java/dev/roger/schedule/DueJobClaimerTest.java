package dev.roger.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.job.JobState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The claimer sleeps until the next due time and no longer: a job scheduled sooner wakes it, also
 * while a claim runs. Its longest sleep is 10 s, so a wake-up that went missing shows as a timeout.
 */
class DueJobClaimerTest {

    private static final long WITHIN_MILLIS = 3_000;

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> published = new CopyOnWriteArrayList<>();

    private ScheduledStore.Claimed publish(List<ScheduledRow> rows) {
        rows.forEach(row -> published.add(row.jobId()));
        return ScheduledStore.Claimed.done(rows.stream().map(ScheduledRow::seq).toList());
    }

    private final DueJobClaimer claimer = new DueJobClaimer(store, this::publish, timer);

    @AfterEach
    void stop() {
        claimer.close();
        timer.shutdownNow();
    }

    private boolean publishedWithin(String jobId, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (published.contains(jobId)) {
                return true;
            }
            Thread.sleep(10);
        }
        return published.contains(jobId);
    }

    @Test
    void aJobDueSoonerThanTheClaimerPlannedWakesIt() throws Exception {
        claimer.start();
        Thread.sleep(200); // the first look found nothing: it sleeps its longest
        long due = store.now() + 300;
        store.add("soon", due);

        assertTrue(claimer.wake(due), "sooner than planned: the other instances should hear of it too");
        assertTrue(publishedWithin("soon", WITHIN_MILLIS), "published when due, not after the longest sleep");
        assertTrue(store.publishedAt("soon") >= due, "not before it was due");
    }

    @Test
    void aWakeUpThatComesDuringAClaimIsNotLost() throws Exception {
        // the claim has read the next due time (nothing) when a job due now is scheduled and wakes it
        store.onceAfterReadingNext = () -> {
            long due = store.now();
            store.add("during", due);
            claimer.wake(due);
        };
        claimer.start();

        assertTrue(publishedWithin("during", WITHIN_MILLIS), "the wake-up that came during the claim was kept");
    }

    @Test
    void aJobDueLaterThanPlannedDoesNotNeedTheBus() {
        claimer.start();
        long later = store.now() + 3_600_000;
        store.add("later", later);
        assertTrue(!claimer.wake(later), "the claimer looks sooner anyway");
    }

    /** The database's part, in memory: rows, due times on this clock. */
    private static final class InMemoryStore implements ScheduledStore {
        private final List<ScheduledRow> rows = new ArrayList<>();
        private final java.util.Map<String, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
        private long seq;
        /** Runs once, after next() read the due times and before it answers: a job scheduled just then. */
        volatile Runnable onceAfterReadingNext;

        synchronized void add(String jobId, long dueAt) {
            rows.add(new ScheduledRow(++seq, "app", "q", jobId, "t", JobState.SCHEDULED, dueAt, 0, null, "{}", 0));
        }

        long publishedAt(String jobId) {
            return publishedAt.get(jobId);
        }

        @Override
        public long now() {
            return System.currentTimeMillis();
        }

        @Override
        public long add(ScheduledRow row, long delayMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int claimDue(int limit, int perApplication, Function<List<ScheduledRow>, Claimed> publish) {
            List<ScheduledRow> due;
            synchronized (this) {
                long now = now();
                due = rows.stream().filter(r -> r.dueAt() <= now).limit(limit).toList();
            }
            if (due.isEmpty()) {
                return 0;
            }
            Collection<Long> done = publish.apply(due).done();
            synchronized (this) {
                long now = now();
                due.stream().filter(r -> done.contains(r.seq())).forEach(r -> publishedAt.put(r.jobId(), now));
                rows.removeIf(r -> done.contains(r.seq()));
            }
            return due.size();
        }

        @Override
        public Next next() {
            Next next;
            synchronized (this) {
                OptionalLong min = rows.stream().mapToLong(ScheduledRow::dueAt).min();
                next = new Next(min.isPresent() ? OptionalLong.of(min.getAsLong()) : OptionalLong.empty(), now());
            }
            Runnable hook = onceAfterReadingNext;
            if (hook != null) {
                onceAfterReadingNext = null;
                hook.run();
            }
            return next;
        }

        @Override
        public Optional<ScheduledRow> remove(String application, String jobId, JobState kind) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean move(String application, String jobId, JobState kind, long dueAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int dueNow(String application, JobState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ScheduledRow> list(String application, JobState state, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long count(String application, JobState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ScheduledRow> find(String application, String jobId) {
            throw new UnsupportedOperationException();
        }
    }
}
