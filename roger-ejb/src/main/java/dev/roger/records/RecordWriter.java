package dev.roger.records;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes record changes in batches on a thread of its own, so a job never waits for the database. The
 * changes wait in a buffer of at most {@code capacity} jobs; several changes to one job merge into one
 * write. When the database fails, the batch goes back to the buffer and is tried again, with a growing
 * pause; when the buffer is full, changes for jobs not in it yet are dropped and counted.
 */
final class RecordWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordWriter.class.getName());

    /** How long a change waits for others to share its batch: bounds how late other instances see it. */
    static final Duration LINGER = Duration.ofMillis(100);

    static final int MAX_BATCH = 2_000;
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private record Key(String application, String jobId) {}

    /** What the writer has done so far. */
    record Counts(long written, long dropped, int waiting) {}

    private final RecordStore store;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Map<Key, RecordChange> waiting = new LinkedHashMap<>();
    private Map<Key, RecordChange> writing = Map.of();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private long lastDropWarning;

    RecordWriter(RecordStore store, int capacity, ThreadFactory threads) {
        this.store = store;
        this.capacity = capacity;
        this.thread = threads.newThread(this::run);
        thread.setName("roger-record-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void add(RecordChange change) {
        Key key = new Key(change.application(), change.jobId());
        lock.lock();
        try {
            RecordChange earlier = waiting.get(key);
            if (earlier != null) {
                waiting.put(key, earlier.then(change));
            } else if (waiting.size() + writing.size() >= capacity) {
                dropped.incrementAndGet();
                warnDropped();
                return;
            } else {
                waiting.put(key, change);
            }
            if (waiting.size() >= MAX_BATCH) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void warnDropped() {
        long now = System.currentTimeMillis();
        if (now - lastDropWarning > 60_000) {
            lastDropWarning = now;
            LOG.warning(() -> "the job records buffer is full (" + capacity + " jobs; is the database down?):"
                    + " changes of new jobs are dropped, " + dropped.get() + " so far; jobs are not affected");
        }
    }

    /** The change not yet in the database for this job, if any. */
    Optional<RecordChange> unwritten(String application, String jobId) {
        Key key = new Key(application, jobId);
        lock.lock();
        try {
            RecordChange inFlight = writing.get(key);
            RecordChange queued = waiting.get(key);
            if (inFlight == null) {
                return Optional.ofNullable(queued);
            }
            return Optional.of(queued == null ? inFlight : inFlight.then(queued));
        } finally {
            lock.unlock();
        }
    }

    Counts counts() {
        lock.lock();
        try {
            return new Counts(written.get(), dropped.get(), waiting.size() + writing.size());
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
                store.write(batch);
                written.addAndGet(batch.size());
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

    private boolean isEmpty() {
        lock.lock();
        try {
            return waiting.isEmpty() && writing.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for a full batch, then takes what waits. */
    private List<RecordChange> next(long millis) throws InterruptedException {
        lock.lock();
        try {
            if (!closed && waiting.size() < MAX_BATCH) {
                work.await(millis, TimeUnit.MILLISECONDS);
            }
            Map<Key, RecordChange> batch = new LinkedHashMap<>();
            var entries = waiting.entrySet().iterator();
            while (entries.hasNext() && batch.size() < MAX_BATCH) {
                var entry = entries.next();
                batch.put(entry.getKey(), entry.getValue());
                entries.remove();
            }
            writing = batch;
            return new ArrayList<>(batch.values());
        } finally {
            lock.unlock();
        }
    }

    /** A failed batch goes back in front of what came meanwhile, merged with it. */
    private void putBack() {
        lock.lock();
        try {
            Map<Key, RecordChange> merged = new LinkedHashMap<>(writing);
            waiting.forEach((key, change) -> merged.merge(key, change, RecordChange::then));
            waiting.clear();
            waiting.putAll(merged);
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
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
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
