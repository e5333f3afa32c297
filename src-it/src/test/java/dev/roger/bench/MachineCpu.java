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

    /** The busy CPU nanoseconds a second of the machine at rest (measured over one second). */
    static double idleRate() {
        long before = busyNanos();
        long start = System.nanoTime();
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (busyNanos() - before) / ((System.nanoTime() - start) / 1e9);
    }

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

    /**
     * CPU nanoseconds each kind of process has used so far, by command name ({@code postgres}, {@code
     * beam.smp} for RabbitMQ, {@code java} for the servers and this test); a process that ends between
     * two readings drops out of the second.
     */
    static java.util.Map<String, Long> byProcess() {
        java.util.Map<String, Long> nanos = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> {
                        try {
                            String stat = Files.readString(p.resolve("stat"));
                            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            String[] fields =
                                    stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                            nanos.merge(name, ticks * NANOS_PER_TICK, Long::sum);
                        } catch (IOException | RuntimeException e) {
                            // the process ended meanwhile
                        }
                    });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return nanos;
    }

    /** CPU nanoseconds one process (all its threads) has used so far. */
    static long ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** What {@code name}'s processes used between two readings of {@link #byProcess}. */
    static long between(java.util.Map<String, Long> before, java.util.Map<String, Long> after, String name) {
        return Math.max(0, after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L));
    }
}
