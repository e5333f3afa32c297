package dev.roger.records;

import dev.roger.api.StateRejectedException;
import dev.roger.logging.LogBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes record changes in batches on a thread of its own, so a job never waits for the database. A
 * job's thread only appends its change to a lock-free queue; this thread (or a reader, before it reads)
 * takes them from it into the buffer of at most {@code capacity} jobs, where several changes to one job
 * merge into one write. A change that does not end its job (queued, running, progress) is held for {@link #HOLD}
 * first: a job that ends within it gets one write, its end; one that waits or runs longer gets a row
 * once it is that old. When the database fails, the batch goes back to the buffer and is tried again,
 * with a growing pause; when the buffer is full, changes for jobs not in it yet are dropped and counted.
 * When the database refuses a value (a data error), only the changes it refuses are dropped and counted.
 */
final class RecordWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordWriter.class.getName());

    /** How long a change waits for others to share its batch: bounds how late other instances see it. */
    static final Duration LINGER = Duration.ofMillis(100);

    /**
     * How long a job's change that does not end it is held before it is written: most jobs end sooner,
     * and their end is then their record's one write.
     */
    static final Duration HOLD = Duration.ofSeconds(5);

    static final int MAX_BATCH = 2_000;
    /** How many jobs of the last batches the writer remembers (a few batches' worth). */
    static final int WRITTEN_LATELY = 4 * MAX_BATCH;

    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private record Key(String application, String jobId) {}

    /** A held change and when it is written at the latest. */
    private record Held(RecordChange change, long writeAt) {}

    /** A change as it was added, and when (a held change's hold runs from then). */
    private record Added(RecordChange change, boolean hold, long at) {}

    /** What the writer has done so far. */
    record Counts(long written, long dropped, int waiting) {}

    private final RecordStore store;
    private final int capacity;
    private final LongSupplier clock;
    /**
     * Changes not yet in the buffer, in the order they came: a job's thread never parks behind another
     * job's change or the writer's batch. At most {@code capacity}: past it, the adding thread takes them
     * into the buffer itself.
     */
    private final ConcurrentLinkedQueue<Added> incoming = new ConcurrentLinkedQueue<>();

    private final AtomicInteger incomingCount = new AtomicInteger();
    /** Guards the buffer: {@code held}, {@code writtenHeld}, {@code writtenLately}, {@code due} and {@code writing}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Changes held, oldest first (they are held equally long, so they come due in this order). */
    private final Map<Key, Held> held = new LinkedHashMap<>();
    /**
     * Jobs whose held change was written (its hold passed, or early to keep the buffer half free): the
     * job's next change, though its step took it for the record's first, finds the record and is merged.
     * Without it a backlog's ends would be inserted over their queued records: a failed insert costs the
     * whole batch a look-up and a second try. At most half the buffer; the oldest forgotten.
     */
    private final Set<Key> writtenHeld = new LinkedHashSet<>();
    /**
     * Jobs of the last batches: an enqueue's first change often comes after the job it opened has run
     * and ended here (the publisher's confirm is slower than the consumer), and then has nothing to add.
     */
    private final Set<Key> writtenLately = new LinkedHashSet<>();
    /** Changes to write in the next batch. */
    private final Map<Key, RecordChange> due = new LinkedHashMap<>();

    private Map<Key, RecordChange> writing = Map.of();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    /** Warnings of dropped and of refused changes: at most a line a minute each, the rest counted. */
    private final LogBudget dropWarnings = LogBudget.perWindow(Duration.ofMinutes(1));

    private final LogBudget refusedWarnings = LogBudget.perWindow(Duration.ofMinutes(1));

    RecordWriter(RecordStore store, int capacity, ThreadFactory threads) {
        this(store, capacity, threads, System::currentTimeMillis);
    }

    RecordWriter(RecordStore store, int capacity, ThreadFactory threads, LongSupplier clock) {
        this.store = store;
        this.capacity = capacity;
        this.clock = clock;
        this.thread = threads.newThread(this::run);
        thread.setName("roger-record-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** A change to write in the next batch. */
    void add(RecordChange change) {
        add(change, false);
    }

    /**
     * A change to write; {@code hold}: one that does not end its job, held up to {@link #HOLD} for the
     * job's next change to merge with.
     */
    void add(RecordChange change, boolean hold) {
        if (incomingCount.get() >= capacity) {
            // the writer is behind (the database is away): the buffer's bound decides, as for every change
            lock.lock();
            try {
                takeIncoming();
            } finally {
                lock.unlock();
            }
        }
        incoming.add(new Added(change, hold, hold ? clock.getAsLong() : 0));
        if (incomingCount.incrementAndGet() == MAX_BATCH) {
            LockSupport.unpark(thread);
        }
    }

    /** Takes the changes that came into the buffer, in their order; under the lock. */
    private void takeIncoming() {
        for (Added added = incoming.poll(); added != null; added = incoming.poll()) {
            incomingCount.decrementAndGet();
            buffer(added);
        }
    }

    private void buffer(Added added) {
        RecordChange incoming = added.change();
        Key key = new Key(incoming.application(), incoming.jobId());
        // most of the time no held change was written: no look-up then
        boolean exists = !writtenHeld.isEmpty() && writtenHeld.remove(key);
        RecordChange change = exists && incoming.first() ? incoming.ofAnExistingRecord() : incoming;
        Held earlier = held.get(key);
        if (earlier != null) {
            RecordChange merged = earlier.change().then(change);
            if (added.hold()) {
                held.put(key, new Held(merged, earlier.writeAt()));
            } else {
                held.remove(key);
                due.put(key, merged);
            }
        } else if (due.containsKey(key)) {
            due.put(key, due.get(key).then(change));
        } else if (change.onlyOpens() && writtenLately.contains(key)) {
            // its record was written (or is being written) with all the change knows
            return;
        } else if (held.size() + due.size() + writing.size() >= capacity) {
            dropped.incrementAndGet();
            warnDropped();
        } else if (added.hold()) {
            held.put(key, new Held(change, added.at() + HOLD.toMillis()));
        } else {
            due.put(key, change);
        }
    }

    private void warnDropped() {
        if (dropWarnings.tryLog()) {
            LOG.warning(() -> "the job records buffer is full (" + capacity + " jobs; is the database down?):"
                    + " changes of new jobs are dropped, " + dropped.get() + " so far; jobs are not affected");
        }
    }

    /** The change not yet in the database for this job, if any. */
    Optional<RecordChange> unwritten(String application, String jobId) {
        Key key = new Key(application, jobId);
        lock.lock();
        try {
            takeIncoming();
            // in the order they came: being written, then due, then held (a job is in only one of these two)
            RecordChange result = writing.get(key);
            Held waitingLonger = held.get(key);
            for (RecordChange later :
                    new RecordChange[] {due.get(key), waitingLonger == null ? null : waitingLonger.change()}) {
                if (later != null) {
                    result = result == null ? later : result.then(later);
                }
            }
            return Optional.ofNullable(result);
        } finally {
            lock.unlock();
        }
    }

    Counts counts() {
        lock.lock();
        try {
            takeIncoming();
            return new Counts(written.get(), dropped.get(), held.size() + due.size() + writing.size());
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long pause = 0;
        while (!closed || !isEmpty()) {
            try {
                List<RecordChange> batch = next(pause > 0 ? pause : LINGER.toMillis());
                if (batch.isEmpty()) {
                    continue;
                }
                writeApartIfRefused(batch);
                lock.lock();
                try {
                    writing = Map.of();
                } finally {
                    lock.unlock();
                }
                pause = 0;
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } catch (RuntimeException e) {
                pause = pause == 0 ? 250 : Math.min(pause * 2, LONGEST_PAUSE.toMillis());
                long next = pause;
                LOG.log(
                        pause >= LONGEST_PAUSE.toMillis() ? Level.WARNING : Level.FINE,
                        () -> "could not write job records (trying again in " + next + " ms): " + e.getMessage());
                putBack();
                if (closed) {
                    return;
                }
            }
        }
    }

    /**
     * Writes the batch; when the database refuses a value in it (a data error, not an outage), writes
     * its halves apart until the refused changes are found, which are dropped and counted: one job's
     * bad value never holds up the records of every other job.
     */
    private void writeApartIfRefused(List<RecordChange> batch) {
        try {
            store.write(batch);
            written.addAndGet(batch.size());
        } catch (StateRejectedException e) {
            if (batch.size() == 1) {
                refused(batch.get(0), e);
                return;
            }
            int half = batch.size() / 2;
            writeApartIfRefused(batch.subList(0, half));
            writeApartIfRefused(batch.subList(half, batch.size()));
        }
    }

    private void refused(RecordChange change, StateRejectedException e) {
        dropped.incrementAndGet();
        if (refusedWarnings.tryLog()) {
            LOG.log(
                    Level.WARNING,
                    "the database refused the record of job " + change.jobId() + " of " + change.application()
                            + " (" + change.state() + "); it is dropped and counted, the job is not affected;"
                            + " further refusals within a minute are only counted",
                    e);
        }
    }

    private boolean isEmpty() {
        lock.lock();
        try {
            takeIncoming();
            return held.isEmpty() && due.isEmpty() && writing.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for a full batch, then takes what is due (everything once closing). */
    private List<RecordChange> next(long millis) throws InterruptedException {
        boolean wait;
        lock.lock();
        try {
            takeIncoming();
            wait = !closed && due.size() < MAX_BATCH;
        } finally {
            lock.unlock();
        }
        if (wait) {
            // woken early by a full batch's worth of changes, or by close
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(millis));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        lock.lock();
        try {
            takeIncoming();
            long now = clock.getAsLong();
            Iterator<Map.Entry<Key, Held>> oldest = held.entrySet().iterator();
            while (oldest.hasNext() && due.size() < MAX_BATCH) {
                Map.Entry<Key, Held> entry = oldest.next();
                // held changes never fill the buffer: past half of it, the oldest are written early
                boolean early = entry.getValue().writeAt() > now;
                if (!closed && early && held.size() <= capacity / 2) {
                    break;
                }
                due.put(entry.getKey(), entry.getValue().change());
                oldest.remove();
                if (!closed) {
                    remember(writtenHeld, List.of(entry.getKey()), capacity / 2);
                }
            }
            Map<Key, RecordChange> batch = new LinkedHashMap<>();
            var entries = due.entrySet().iterator();
            while (entries.hasNext() && batch.size() < MAX_BATCH) {
                var entry = entries.next();
                batch.put(entry.getKey(), entry.getValue());
                entries.remove();
            }
            writing = batch;
            remember(writtenLately, batch.keySet(), WRITTEN_LATELY);
            return new ArrayList<>(batch.values());
        } finally {
            lock.unlock();
        }
    }

    /** Adds the jobs to a set that keeps the {@code most} added last (its order is the order added). */
    private static void remember(Set<Key> jobs, Collection<Key> added, int most) {
        jobs.addAll(added);
        Iterator<Key> oldest = jobs.iterator();
        for (int extra = jobs.size() - most; extra > 0; extra--) {
            oldest.next();
            oldest.remove();
        }
    }

    /** A failed batch goes back in front of what came meanwhile, merged with it. */
    private void putBack() {
        lock.lock();
        try {
            Map<Key, RecordChange> merged = new LinkedHashMap<>(writing);
            due.forEach((key, change) -> merged.merge(key, change, RecordChange::then));
            // a job of the failed batch with a change held since: one entry, in the order they came
            for (Key key : writing.keySet()) {
                Held later = held.remove(key);
                if (later != null) {
                    merged.merge(key, later.change(), RecordChange::then);
                }
            }
            due.clear();
            due.putAll(merged);
            writing = Map.of();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what waits, for at most {@code timeout}; what is left then is lost and counted. */
    @Override
    public void close() {
        close(Duration.ofSeconds(3));
    }

    void close(Duration timeout) {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            Counts left = counts();
            if (left.waiting() > 0) {
                dropped.addAndGet(left.waiting());
                LOG.warning(() -> left.waiting() + " job record change(s) could not be written before shutdown");
            }
        }
    }
}
