package dev.roger.bench;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts finished no-op jobs and keeps their enqueue-to-start latencies. */
@ApplicationScoped
public class BenchRecorder {

    private static final int MAX_SAMPLES = 1_000_000;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicLongArray latencies = new AtomicLongArray(MAX_SAMPLES);

    void started(long latencyNanos) {
        int index = started.getAndIncrement();
        if (index < MAX_SAMPLES) {
            latencies.set(index, latencyNanos);
        }
    }

    public int count() {
        return started.get();
    }

    public void reset() {
        started.set(0);
    }

    /** p50, p99 and max in microseconds of the samples recorded since the last reset. */
    public long[] percentilesMicros() {
        int n = Math.min(started.get(), MAX_SAMPLES);
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        if (n == 0) {
            return new long[] {0, 0, 0};
        }
        return new long[] {
            sorted[n / 2] / 1000, sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)] / 1000, sorted[n - 1] / 1000
        };
    }
}
