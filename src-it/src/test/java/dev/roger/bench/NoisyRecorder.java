package dev.roger.bench;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The noisy-neighbour scenario's counts: the most jobs running at once, the time they ran in all, the
 * flood's and the quiet tenants' ends, and each quiet job's wait from enqueue to start.
 */
@ApplicationScoped
public class NoisyRecorder {

    private static final int MAX_SAMPLES = 1_000_000;

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private final LongAdder busyNanos = new LongAdder();
    private final AtomicInteger floodEnded = new AtomicInteger();
    private final AtomicInteger quietEnded = new AtomicInteger();
    private final AtomicInteger quietStarted = new AtomicInteger();
    private final AtomicLongArray quietWaits = new AtomicLongArray(MAX_SAMPLES);

    void started(boolean quiet, long waitNanos) {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        if (quiet) {
            int index = quietStarted.getAndIncrement();
            if (index < MAX_SAMPLES) {
                quietWaits.set(index, waitNanos);
            }
        }
    }

    void ended(boolean quiet, long ranNanos) {
        running.decrementAndGet();
        busyNanos.add(ranNanos);
        (quiet ? quietEnded : floodEnded).incrementAndGet();
    }

    public void reset() {
        most.set(running.get());
        busyNanos.reset();
        floodEnded.set(0);
        quietEnded.set(0);
        quietStarted.set(0);
    }

    public int most() {
        return most.get();
    }

    public long busyNanos() {
        return busyNanos.sum();
    }

    public int floodEnded() {
        return floodEnded.get();
    }

    public int quietEnded() {
        return quietEnded.get();
    }

    /** p50 and p99 of the quiet jobs' waits, in milliseconds (fractions kept). */
    public double[] quietWaitPercentilesMillis() {
        int n = Math.min(quietStarted.get(), MAX_SAMPLES);
        if (n == 0) {
            return new double[] {0, 0};
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = quietWaits.get(i);
        }
        Arrays.sort(sorted);
        return new double[] {sorted[n / 2] / 1e6, sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1e6};
    }
}
