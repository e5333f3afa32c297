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
                            nanos.merge(name, cpuNanos(stat), Long::sum);
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
            return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** User and system time from a {@code /proc/<pid>/stat} line (after the command name, which may hold spaces). */
    private static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** What a run cost in CPU nanoseconds: the machine's (less its rate at rest), the database's, Roger's server's and RabbitMQ's. */
    record Spent(long machine, long database, long roger, long rabbitmq, java.util.Map<String, Long> rogerThreads) {

        static final Spent NONE = new Spent(0, 0, 0, 0, java.util.Map.of());

        Spent plus(Spent other) {
            java.util.Map<String, Long> threads = new java.util.TreeMap<>(rogerThreads);
            other.rogerThreads.forEach((name, nanos) -> threads.merge(name, nanos, Long::sum));
            return new Spent(
                    machine + other.machine,
                    database + other.database,
                    roger + other.roger,
                    rabbitmq + other.rabbitmq,
                    threads);
        }
    }

    /**
     * CPU nanoseconds the threads of one process have used so far, by kind: the thread's name without
     * its digits ("GC Thread#", "C2 CompilerThread", the record writer's, the workers'), as the kernel
     * keeps it (its first 15 characters). A thread that ended between two readings drops out.
     */
    static java.util.Map<String, Long> byThread(long pid) {
        java.util.Map<String, Long> nanos = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            threads.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("[0-9]", "");
                    nanos.merge(name, cpuNanos(stat), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the threads of process " + pid, e);
        }
        return nanos;
    }

    /** The readings taken before a run; {@link #spent} reads again and answers the difference. */
    record Start(
            double idleNanosPerSecond,
            long busyBefore,
            long wallBefore,
            java.util.Map<String, Long> processesBefore,
            long server,
            long serverBefore,
            java.util.Map<String, Long> serverThreadsBefore) {

        Spent spent() {
            long machine = MachineCpu.busyNanos()
                    - busyBefore
                    - (long) (idleNanosPerSecond * (System.nanoTime() - wallBefore) / 1e9);
            java.util.Map<String, Long> after = byProcess();
            java.util.Map<String, Long> threadsAfter = byThread(server);
            java.util.Map<String, Long> threads = new java.util.TreeMap<>();
            threadsAfter.keySet().forEach(name -> threads.put(name, between(serverThreadsBefore, threadsAfter, name)));
            return new Spent(
                    machine,
                    between(processesBefore, after, "postgres"),
                    ofProcess(server) - serverBefore,
                    between(processesBefore, after, "beam.smp"),
                    threads);
        }
    }

    /**
     * Reads before a run: the machine's rate at rest over the second before (what idle servers, timers
     * and the other server use is not the jobs'), then its busy time and each process's.
     */
    static Start start(long server) {
        double idle = idleRate();
        return new Start(
                idle, busyNanos(), System.nanoTime(), byProcess(), server, ofProcess(server), byThread(server));
    }

    /** What {@code name}'s processes used between two readings of {@link #byProcess}. */
    static long between(java.util.Map<String, Long> before, java.util.Map<String, Long> after, String name) {
        return Math.max(0, after.getOrDefault(name, 0L) - before.getOrDefault(name, 0L));
    }
}
