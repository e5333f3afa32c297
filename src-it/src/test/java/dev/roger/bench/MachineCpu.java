package dev.roger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's busy CPU time, of every process together (Roger, RabbitMQ, the database, this test),
 * from {@code /proc/stat}: what a job costs the machine, which a throughput ratio only shows through
 * the noise.
 */
final class MachineCpu {

    /** {@code /proc/stat} counts in USER_HZ ticks, 100 a second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {}

    /** Busy nanoseconds since boot, summed over all cores: user, nice, system, irq, softirq and steal. */
    static long busyNanos() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(fields[i]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the machine's CPU time from /proc/stat", e);
        }
    }
}
