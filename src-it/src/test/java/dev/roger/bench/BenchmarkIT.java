package dev.roger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The benchmark (not a timed test): Roger's throughput, latency and cost of scale on one Payara Micro
 * against the local RabbitMQ, side by side with RabbitMQ PerfTest under identical settings, and the cost
 * of job records on its embedded H2 and on a second Payara Micro using the local PostgreSQL. The test
 * command runs it small ({@code bench.jobs=2000}) so it never rots; {@code scripts/bench} runs it in
 * full. It asserts only that every job ran; the figures go to the console and to
 * {@code target/bench/results.txt}.
 */
class BenchmarkIT {

    static final int JOBS = Integer.getInteger("bench.jobs", 2000);
    static final int APPLICATIONS = Integer.getInteger("bench.applications", 50);
    /**
     * Each quorum queue is a Raft group: a single 2-core broker stopped answering declarations at about
     * 1,000 of them, so the scale step starts fewer applications on quorum queues.
     */
    static final int QUORUM_APPLICATIONS = Math.min(APPLICATIONS, Integer.getInteger("bench.quorum-applications", 250));

    static final List<String> TYPES =
            List.of(System.getProperty("bench.types", "classic,quorum").split(","));
    static final List<Integer> CONCURRENCY =
            List.of(System.getProperty("bench.concurrency", "10,100").split(",")).stream()
                    .map(Integer::parseInt)
                    .toList();
    /** Roughly the size of a Roger no-op job message. */
    static final int MESSAGE_BYTES = 150;

    static final int TIMEOUT_SECONDS = 600;
    /** Enough for a steady rate over HTTP without a long single-client run. */
    static final int REST_JOBS = 20_000;
    /**
     * Which scenarios run: throughput, rest, scheduling, scale, records, noisy, and (only when named)
     * ratelimit.
     */
    static final List<String> SCENARIOS =
            List.of(System.getProperty("bench.scenarios", "throughput,rest,scheduling,scale,records,noisy")
                    .split(","));
    /** The noisy neighbour's worker budget, its quiet applications, job length and the quiet ones' period. */
    static final int NOISY_BUDGET = 50;

    static final int NOISY_QUIET_APPLICATIONS = 99;
    static final int NOISY_MILLIS = 20;
    static final int NOISY_EVERY_MILLIS = 200;
    /** The flood's jobs: 50,000, or bench.jobs when fewer. */
    static final int NOISY_JOBS = Math.min(JOBS, 50_000);
    /** The databases of the records scenario: h2, postgres. */
    static final List<String> DATABASES =
            List.of(System.getProperty("bench.databases", "h2,postgres").split(","));
    /** The seconds over which the scheduled jobs fall due. */
    static final int SCHEDULE_SPREAD = Integer.getInteger("bench.schedule-spread", 60);

    /**
     * The longest warm-up of a fresh server: no-op jobs end to end until its JIT has settled. The test
     * command's small run keeps it short; {@code scripts/bench} gives it the time a cold server needs.
     */
    static final int WARM_UP_SECONDS = Integer.getInteger("bench.warm-up-seconds", 10);
    /** Settled: the JIT compiled for less than this share of a warm-up round's wall time. */
    static final double SETTLED_JIT_SHARE = 0.05;

    private final List<String> table = new ArrayList<>();
    private final List<String> scenarios = new ArrayList<>();

    /** Rows are printed as they come, so a long run that fails late still shows what it measured. */
    private void row(String line) {
        System.out.println(line);
        table.add(line);
    }

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void benchmark() throws Exception {
        if (SCENARIOS.contains("throughput")) {
            row(String.format(
                    Locale.ROOT,
                    "%-14s %10s %10s %10s %11s %6s %8s %8s | %8s %8s %8s | %8s %8s",
                    "scenario",
                    "enqueue/s",
                    "execute/s",
                    "both/s",
                    "perftest/s",
                    "ratio",
                    "roger µs",
                    "rabbit µs",
                    "p50 µs",
                    "p99 µs",
                    "max µs",
                    "pt p50",
                    "pt p99"));
        }
        try {
            runAll();
        } finally {
            report();
        }
    }

    private void runAll() throws Exception {
        // rest, scheduling and the records on H2 run on one queue type: quorum when it is measured
        String defaultType = TYPES.contains("quorum") ? "quorum" : TYPES.get(0);
        for (String type : TYPES) {
            boolean isDefault = type.equals(defaultType);
            boolean needed = SCENARIOS.contains("throughput")
                    || SCENARIOS.contains("scale")
                    || (isDefault
                            && (SCENARIOS.contains("rest")
                                    || SCENARIOS.contains("scheduling")
                                    || SCENARIOS.contains("ratelimit")
                                    || (SCENARIOS.contains("records") && DATABASES.contains("h2"))));
            if (!needed) {
                continue;
            }
            Map<String, String> config = TestWar.baseConfig("");
            config.put("roger.queue.type", type);
            // bench.records=false: records off on these servers, to measure the job path alone
            config.put("roger.records", System.getProperty("bench.records", "true"));
            if (isDefault && SCENARIOS.contains("records") && DATABASES.contains("h2")) {
                config.put("roger.records.off", recordsOff("h2"));
            }
            WebArchive war = benchWar(config);
            try (MicroProcess micro = new MicroProcess(TestWar.export(war), Map.of()).start()) {
                Api api = new Api(micro.baseUrl());
                warmUp(api, type);
                if (SCENARIOS.contains("throughput")) {
                    for (int concurrency : CONCURRENCY) {
                        throughput(api, micro.pid(), type, concurrency);
                    }
                }
                if (isDefault) {
                    if (SCENARIOS.contains("rest")) {
                        restEnqueue(api, micro, type);
                    }
                    if (SCENARIOS.contains("scheduling")) {
                        scheduling(api, type);
                    }
                    if (SCENARIOS.contains("ratelimit")) {
                        for (int concurrency : CONCURRENCY) {
                            rateLimitCost(api, type, concurrency);
                        }
                    }
                    if (SCENARIOS.contains("records") && DATABASES.contains("h2")) {
                        // Payara Micro's embedded H2 (java:comp/DefaultDataSource), as every scenario above
                        records(api, micro.pid(), "h2", type);
                    }
                }
                if (SCENARIOS.contains("scale")) {
                    scale(api, micro, type);
                }
            }
        }
        if (SCENARIOS.contains("noisy")) {
            String type = TYPES.contains("classic") ? "classic" : defaultType;
            row(String.format(
                    Locale.ROOT,
                    "%-14s %8s %12s %12s %10s %9s %11s",
                    "noisy (" + type + ")",
                    "budget",
                    "quiet p50 ms",
                    "quiet p99 ms",
                    "flood/s",
                    "most",
                    "budget used"));
            noisy(type, NOISY_BUDGET);
            if (Boolean.parseBoolean(System.getProperty("bench.noisy-lifted", "true"))) {
                // the comparison: the test suite leaves it out (bench.noisy-lifted=false), it asserts nothing new
                noisy(type, dev.roger.config.ConfigReader.MOST_WORKERS);
            }
        }
        if (SCENARIOS.contains("records") && DATABASES.contains("postgres")) {
            try (Postgres postgres = new Postgres()) {
                Map<String, String> config = TestWar.baseConfig("");
                config.put("roger.queue.type", defaultType);
                config.put("roger.datasource", Postgres.RESOURCE);
                config.put("roger.records.off", recordsOff("postgres"));
                try (MicroProcess micro = new MicroProcess(
                                TestWar.export(benchWar(config)), Map.of(), postgres.microArguments())
                        .start()) {
                    Api api = new Api(micro.baseUrl());
                    warmUp(api, defaultType + ", PostgreSQL");
                    records(api, micro.pid(), "postgres", defaultType);
                }
            }
        }
    }

    /**
     * Runs no-op jobs end to end on a fresh server, at each measured concurrency in turn, until its JIT
     * compiled for less than {@link #SETTLED_JIT_SHARE} of a round's time (or {@link #WARM_UP_SECONDS}
     * passed): a cold server spends most of a core compiling for its first minute or more, which the
     * first scenario measured instead of Roger (0.51 of PerfTest with records on, against 0.93 with
     * them off, in the same cold run). Users run warm servers; PerfTest's small loop warms in a moment.
     */
    private void warmUp(Api api, String server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        long start = System.nanoTime();
        int rounds = 0;
        double share = 1;
        List<String> apps =
                CONCURRENCY.stream().map(c -> "bench_" + run + "_warmup_c" + c).toList();
        try {
            for (int i = 0; i < apps.size(); i++) {
                ok(
                        api.put(
                                "api/applications/" + apps.get(i),
                                "{\"queues\":{\"default\":" + CONCURRENCY.get(i) + "}}"),
                        201);
            }
            while (share > SETTLED_JIT_SHARE && System.nanoTime() < deadline) {
                long compileBefore = ok(api.get("api/bench/jit"), 200)
                        .getJsonNumber("compileMillis")
                        .longValue();
                long roundStart = System.nanoTime();
                for (String app : apps) {
                    endToEnd(api, app, Math.min(JOBS, 5_000));
                }
                long compiled = ok(api.get("api/bench/jit"), 200)
                                .getJsonNumber("compileMillis")
                                .longValue()
                        - compileBefore;
                share = compiled / ((System.nanoTime() - roundStart) / 1e6);
                rounds++;
            }
            awaitRecordsWritten(api);
        } finally {
            removeApplications(api, apps);
        }
        String line = String.format(
                Locale.ROOT,
                "warm-up (%s): %d rounds, %.0f s, JIT %.0f %% of the last round%s",
                server,
                rounds,
                (System.nanoTime() - start) / 1e9,
                share * 100,
                share > SETTLED_JIT_SHARE ? " (not settled: bench.warm-up-seconds ran out)" : "");
        System.out.println(line);
        warmUps.add(line);
    }

    private final List<String> warmUps = new ArrayList<>();

    /** Deletes bench applications and their queues (a deleted application's queues stay on the broker). */
    private static void removeApplications(Api api, List<String> apps) {
        for (String app : apps) {
            api.delete("api/applications/" + app);
        }
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>();
            for (String app : apps) {
                queues.addAll(List.of(
                        QueueNames.main(app, "default"), QueueNames.buried(app, "default"), QueueNames.parked(app)));
            }
            rabbit.deleteQueues(queues);
        }
    }

    /**
     * The noisy neighbour on a server whose worker budget is {@code budget} (the most Roger allows: lifted):
     * one application of concurrency 100 floods {@link #NOISY_JOBS} jobs of 20 ms while 99 of
     * concurrency 10 each enqueue one every 200 ms. A short round first warms the job path.
     */
    private void noisy(String type, int budget) throws Exception {
        Map<String, String> config = TestWar.baseConfig("");
        config.put("roger.queue.type", type);
        config.put("roger.workers.max", Integer.toString(budget));
        try (MicroProcess micro = new MicroProcess(TestWar.export(benchWar(config)), Map.of()).start()) {
            Api api = new Api(micro.baseUrl());
            String flood = "bench_" + run + "_flood";
            String quiet = "bench_" + run + "_quiet";
            List<String> apps = new ArrayList<>(List.of(flood));
            for (int i = 0; i < NOISY_QUIET_APPLICATIONS; i++) {
                apps.add(quiet + i);
            }
            try {
                for (String app : apps) {
                    int concurrency = app.equals(flood) ? 100 : 10;
                    ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":" + concurrency + "}}"), 201);
                }
                String query = "api/bench/noisy?flood=" + flood + "&quiet=" + quiet + "&quietApps="
                        + NOISY_QUIET_APPLICATIONS + "&millis=" + NOISY_MILLIS + "&everyMillis=" + NOISY_EVERY_MILLIS;
                ok(api.post(query + "&jobs=" + Math.min(NOISY_JOBS, 2_000), ""), 200);
                JsonObject result = ok(api.post(query + "&jobs=" + NOISY_JOBS, ""), 200);
                assertEquals(NOISY_JOBS, result.getInt("floodJobs"), "every flood job ran");
                assertEquals(result.getInt("quietSent"), result.getInt("quietJobs"), "every quiet job ran");
                int most = result.getInt("most");
                assertTrue(most <= budget, "at most the budget's jobs at once: " + result);
                double floodSeconds = result.getJsonNumber("floodMillis").longValue() / 1000.0;
                // the share of NOISY_BUDGET places kept busy while the flood ran, either way
                double used = result.getJsonNumber("busyMillis").longValue()
                        / (result.getJsonNumber("floodMillis").doubleValue() * NOISY_BUDGET);
                String label = budget == NOISY_BUDGET ? "fair" : "lifted";
                row(String.format(
                        Locale.ROOT,
                        "%-14s %8d %12.1f %12.1f %10.0f %9d %11.2f",
                        "noisy-" + label,
                        budget,
                        result.getJsonNumber("quietP50Millis").doubleValue(),
                        result.getJsonNumber("quietP99Millis").doubleValue(),
                        NOISY_JOBS / floodSeconds,
                        most,
                        used));
                scenarios.add(String.format(
                        Locale.ROOT,
                        "noisy budget=%s quiet_p50_ms=%.1f quiet_p99_ms=%.1f flood_jobs_per_s=%.0f budget_max=%d"
                                + " budget_used=%.2f quiet_jobs=%d",
                        label.equals("fair") ? Integer.toString(budget) : "lifted",
                        result.getJsonNumber("quietP50Millis").doubleValue(),
                        result.getJsonNumber("quietP99Millis").doubleValue(),
                        NOISY_JOBS / floodSeconds,
                        most,
                        used,
                        result.getInt("quietJobs")));
            } finally {
                removeApplications(api, apps);
            }
        }
    }

    private static WebArchive benchWar(Map<String, String> config) {
        return TestWar.bare(config)
                .addClasses(
                        NoisyArgs.class,
                        NoisyJob.class,
                        NoisyRecorder.class,
                        NoopArgs.class,
                        NoopJob.class,
                        LateArgs.class,
                        LateJob.class,
                        BenchRecorder.class,
                        BenchResource.class);
    }

    /**
     * Enqueue alone, execute alone, then both at once; beside "both", the CPU time per job of Roger's
     * server process and of RabbitMQ (until its records are written): a figure that, unlike jobs/s, the
     * other processes of a noisy machine hardly move.
     */
    private void throughput(Api api, long server, String type, int concurrency) throws Exception {
        String app = "bench_" + run + "_" + type + "_" + concurrency;
        String scenario = type + "-c" + concurrency;
        try {
            ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":" + concurrency + "}}"), 201);
            ok(api.post("api/applications/" + app + "/queues/default/pause", ""), 200);
            ok(api.post("api/bench/reset", ""), 204);
            double enqueueRate = rate(JOBS, ok(api.post("api/bench/enqueue?app=" + app + "&n=" + JOBS, ""), 200));
            ok(api.post("api/applications/" + app + "/queues/default/resume", ""), 200);
            double executeRate = rate(JOBS, awaitJobs(api, JOBS));
            // the records of the jobs that waited in the paused queue are written before the next phase
            awaitRecordsWritten(api);

            ok(api.post("api/bench/reset", ""), 204);
            MachineCpu.Start cpu = MachineCpu.start(server);
            long start = System.nanoTime();
            ok(api.post("api/bench/enqueue?app=" + app + "&n=" + JOBS, ""), 200);
            awaitJobs(api, JOBS);
            double bothRate = JOBS / ((System.nanoTime() - start) / 1e9);
            awaitRecordsWritten(api);
            MachineCpu.Spent spent = cpu.spent();
            double rogerMicros = spent.roger() / 1_000.0 / JOBS;
            double rabbitMicros = spent.rabbitmq() / 1_000.0 / JOBS;

            double perfTest = perfTest(type, concurrency, JOBS, 0).rate();

            // latency at half of the measured end-to-end maximum
            int halfRate = Math.max(1, (int) (bothRate / 2));
            int latencyJobs = Math.min(JOBS, Math.max(200, halfRate * 10));
            ok(api.post("api/bench/reset", ""), 204);
            ok(api.post("api/bench/enqueue-paced?app=" + app + "&n=" + latencyJobs + "&rate=" + halfRate, ""), 200);
            awaitJobs(api, latencyJobs);
            JsonObject latency = ok(api.get("api/bench/latency"), 200);
            // the broker's own latency floor: PerfTest at the same rate
            PerfTestResult floor = perfTest(type, concurrency, latencyJobs, halfRate);

            double ratio = bothRate / perfTest;
            row(String.format(
                    Locale.ROOT,
                    "%-14s %10.0f %10.0f %10.0f %11.0f %6.2f %8.1f %8.1f | %8d %8d %8d | %8d %8d",
                    scenario,
                    enqueueRate,
                    executeRate,
                    bothRate,
                    perfTest,
                    ratio,
                    rogerMicros,
                    rabbitMicros,
                    latency.getJsonNumber("p50").longValue(),
                    latency.getJsonNumber("p99").longValue(),
                    latency.getJsonNumber("max").longValue(),
                    floor.p50Micros(),
                    floor.p99Micros()));
            scenarios.add(String.format(
                    Locale.ROOT,
                    "scenario=%s roger=%.0f perftest=%.0f ratio=%.2f roger_cpu_us=%.1f rabbitmq_cpu_us=%.1f",
                    scenario,
                    bothRate,
                    perfTest,
                    ratio,
                    rogerMicros,
                    rabbitMicros));
        } finally {
            try (Rabbit rabbit = new Rabbit()) {
                rabbit.deleteQueues(List.of(
                        QueueNames.main(app, "default"), QueueNames.buried(app, "default"), QueueNames.parked(app)));
            }
        }
    }

    private boolean recordsHeader;

    /** The application of the records scenario on one database, with records "on" or "off", at one concurrency. */
    private String recordsApplication(String database, String records, int concurrency) {
        return "bench_" + run + "_records_" + database + "_" + records + "_c" + concurrency;
    }

    /** The value of {@code roger.records.off} for the records scenario's server on this database. */
    private String recordsOff(String database) {
        return String.join(
                ",",
                CONCURRENCY.stream()
                        .map(c -> recordsApplication(database, "off", c))
                        .toList());
    }

    /**
     * Job records ("Job records" issue): no-op jobs end to end with records on and with records off,
     * beside PerfTest, at each concurrency, on the database the server was given.
     *
     * <p>On and off are two applications of one server, the "off" one listed in {@code
     * roger.records.off}, rather than two servers with {@code roger.records} true and false: it costs no
     * extra server start (on H2 it is the server the scenarios above ran on), both figures come from the
     * same JVM, JIT and connection pool, and the runs alternate on, off, off, on, so a machine that gets
     * busier or quieter during the scenario weighs on both alike (each run takes half of {@code
     * bench.jobs}). The per-application switch is the same
     * {@code isOn} check the global one goes through, so "off" costs what {@code roger.records=false}
     * costs. A small unmeasured run of each warms the JVM first.
     *
     * <p>After each "on" run the scenario waits until every one of its jobs has a {@code succeeded}
     * record in the database and nothing waits to be written (reported: the longest wait after the last
     * job started, {@code lag_ms}), so the writer's tail never runs into the next measurement; that the
     * "off" runs wrote nothing, that no change was dropped, and {@code GET /records}' counters go to the
     * report.
     */
    private void records(Api api, long server, String database, String type) throws Exception {
        if (!recordsHeader) {
            recordsHeader = true;
            row(String.format(
                    Locale.ROOT,
                    "%-20s %10s %10s %11s %6s %6s %8s %8s %8s | %9s %7s %7s %7s",
                    "records (" + type + ")",
                    "on/s",
                    "off/s",
                    "perftest/s",
                    "on/off",
                    "on/pt",
                    "cpu on",
                    "cpu off",
                    "cost µs",
                    "written",
                    "waiting",
                    "dropped",
                    "lag ms"));
        }
        JsonObject start = recordsStatus(api);
        // the scenarios before this one (same server) may leave changes to write
        Await.until(
                Duration.ofSeconds(120),
                "earlier job records written",
                () -> recordsStatus(api).getInt("waiting") == 0);
        boolean warm = false;
        for (int concurrency : CONCURRENCY) {
            String on = recordsApplication(database, "on", concurrency);
            String off = recordsApplication(database, "off", concurrency);
            String scenario = "records-" + database + "-c" + concurrency;
            try {
                for (String app : List.of(on, off)) {
                    ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":" + concurrency + "}}"), 201);
                }
                long writtenBefore = recordsStatus(api).getJsonNumber("written").longValue();
                int onJobs = 0;
                if (!warm) {
                    int warmUp = Math.max(200, JOBS / 10);
                    endToEnd(api, on, warmUp);
                    onJobs += warmUp;
                    awaitRecords(api, on, onJobs);
                    endToEnd(api, off, warmUp);
                    warm = true;
                }
                // half of the jobs per run: on and off run bench.jobs jobs each, as the other scenarios
                int half = Math.max(1, JOBS / 2);
                double onSeconds = 0;
                double offSeconds = 0;
                long lagMillis = 0;
                // the CPU time per job, the machine's (every process) and its parts: with records on until
                // they are written
                MachineCpu.Spent onSpent = MachineCpu.Spent.NONE;
                MachineCpu.Spent offSpent = MachineCpu.Spent.NONE;
                for (String app : List.of(on, off, off, on)) {
                    long written = recordsStatus(api).getJsonNumber("written").longValue();
                    MachineCpu.Start before = MachineCpu.start(server);
                    double seconds = endToEnd(api, app, half);
                    if (app.equals(on)) {
                        onSeconds += seconds;
                        onJobs += half;
                        lagMillis = Math.max(lagMillis, awaitRecords(api, on, onJobs));
                        onSpent = onSpent.plus(before.spent());
                    } else {
                        offSpent = offSpent.plus(before.spent());
                        offSeconds += seconds;
                        assertEquals(
                                written,
                                recordsStatus(api).getJsonNumber("written").longValue(),
                                "no record is written for an application in roger.records.off");
                    }
                }
                assertEquals(
                        404,
                        api.get("api/applications/" + off + "/jobs").status(),
                        "the application in roger.records.off has no records");
                double perfTest = perfTest(type, concurrency, JOBS, 0).rate();

                JsonObject status = recordsStatus(api);
                long written = status.getJsonNumber("written").longValue() - writtenBefore;
                int waiting = status.getInt("waiting");
                long dropped = status.getJsonNumber("dropped").longValue()
                        - start.getJsonNumber("dropped").longValue();
                double onRate = 2.0 * half / onSeconds;
                double offRate = 2.0 * half / offSeconds;
                double cpuOnMicros = onSpent.machine() / 1_000.0 / (2.0 * half);
                double cpuOffMicros = offSpent.machine() / 1_000.0 / (2.0 * half);
                row(String.format(
                        Locale.ROOT,
                        "%-20s %10.0f %10.0f %11.0f %6.2f %6.2f %8.1f %8.1f %8.1f | %9d %7d %7d %7d",
                        scenario,
                        onRate,
                        offRate,
                        perfTest,
                        onRate / offRate,
                        onRate / perfTest,
                        cpuOnMicros,
                        cpuOffMicros,
                        cpuOnMicros - cpuOffMicros,
                        written,
                        waiting,
                        dropped,
                        lagMillis));
                scenarios.add(String.format(
                        Locale.ROOT,
                        "scenario=%s on=%.0f off=%.0f perftest=%.0f on/off=%.2f on/perftest=%.2f"
                                + " cpu_on_us=%.1f cpu_off_us=%.1f records_cpu_us=%.1f postgres_on_us=%.1f"
                                + " postgres_off_us=%.1f roger_on_us=%.1f roger_off_us=%.1f rabbitmq_on_us=%.1f"
                                + " rabbitmq_off_us=%.1f"
                                + " records_jobs=%d records_written=%d records_waiting=%d records_dropped=%d"
                                + " records_lag_ms=%d",
                        scenario,
                        onRate,
                        offRate,
                        perfTest,
                        onRate / offRate,
                        onRate / perfTest,
                        cpuOnMicros,
                        cpuOffMicros,
                        cpuOnMicros - cpuOffMicros,
                        onSpent.database() / 1_000.0 / (2.0 * half),
                        offSpent.database() / 1_000.0 / (2.0 * half),
                        onSpent.roger() / 1_000.0 / (2.0 * half),
                        offSpent.roger() / 1_000.0 / (2.0 * half),
                        onSpent.rabbitmq() / 1_000.0 / (2.0 * half),
                        offSpent.rabbitmq() / 1_000.0 / (2.0 * half),
                        onJobs,
                        written,
                        waiting,
                        dropped,
                        lagMillis));
                scenarios.add("threads=" + scenario + " " + threadsOnLessOff(onSpent, offSpent, 2.0 * half));
                assertEquals(0, dropped, "no job record change was dropped");
                assertTrue(written >= onJobs, "at least one change written per job with records on");
            } finally {
                removeApplications(api, List.of(on, off));
            }
        }
    }

    /**
     * Roger's server's CPU per job with records on less off, by kind of thread (see {@link
     * MachineCpu#byThread}), for the kinds that differ by at least 0.5 µs: where the records' cost is.
     */
    private static String threadsOnLessOff(MachineCpu.Spent on, MachineCpu.Spent off, double jobs) {
        java.util.Set<String> names = new java.util.TreeSet<>(on.rogerThreads().keySet());
        names.addAll(off.rogerThreads().keySet());
        StringBuilder line = new StringBuilder();
        for (String name : names) {
            double micros = (on.rogerThreads().getOrDefault(name, 0L)
                            - off.rogerThreads().getOrDefault(name, 0L))
                    / 1_000.0
                    / jobs;
            if (Math.abs(micros) >= 0.5) {
                line.append(String.format(Locale.ROOT, " '%s'=%.1f", name, micros));
            }
        }
        return line.toString().trim();
    }

    /** N no-op jobs enqueued while the consumers run, until the last one started; answers the seconds. */
    /**
     * What a rate limit costs a queue that never reaches it: no-op jobs end to end on a queue limited to
     * 1,000,000 starts a second and on one without a limit, taking turns (limited, unlimited, unlimited,
     * limited; half of bench.jobs each) on one server, so a busier or quieter machine weighs on both.
     */
    private void rateLimitCost(Api api, String type, int concurrency) {
        String limited = "bench_" + run + "_limited_c" + concurrency;
        String unlimited = "bench_" + run + "_unlimited_c" + concurrency;
        try {
            ok(
                    api.put(
                            "api/applications/" + limited,
                            "{\"queues\":{\"default\":{\"concurrency\":" + concurrency
                                    + ",\"rateLimit\":\"1000000/s\"}}}"),
                    201);
            ok(api.put("api/applications/" + unlimited, "{\"queues\":{\"default\":" + concurrency + "}}"), 201);
            int half = Math.max(1, JOBS / 2);
            endToEnd(api, limited, Math.min(half, 5_000));
            endToEnd(api, unlimited, Math.min(half, 5_000));
            double limitedSeconds = 0;
            double unlimitedSeconds = 0;
            for (String app : List.of(limited, unlimited, unlimited, limited)) {
                double seconds = endToEnd(api, app, half);
                if (app.equals(limited)) {
                    limitedSeconds += seconds;
                } else {
                    unlimitedSeconds += seconds;
                }
            }
            double limitedRate = 2.0 * half / limitedSeconds;
            double unlimitedRate = 2.0 * half / unlimitedSeconds;
            String scenario = "ratelimit-" + type + "-c" + concurrency;
            row(String.format(
                    Locale.ROOT,
                    "%-22s limited %8.0f/s unlimited %8.0f/s ratio %5.2f",
                    scenario,
                    limitedRate,
                    unlimitedRate,
                    limitedRate / unlimitedRate));
            scenarios.add(String.format(
                    Locale.ROOT,
                    "scenario=%s limited=%.0f unlimited=%.0f ratio=%.2f",
                    scenario,
                    limitedRate,
                    unlimitedRate,
                    limitedRate / unlimitedRate));
        } finally {
            try (Rabbit rabbit = new Rabbit()) {
                List<String> queues = new ArrayList<>();
                for (String app : List.of(limited, unlimited)) {
                    queues.addAll(List.of(
                            QueueNames.main(app, "default"),
                            QueueNames.buried(app, "default"),
                            QueueNames.parked(app)));
                }
                rabbit.deleteQueues(queues);
            }
        }
    }

    private static double endToEnd(Api api, String app, int n) {
        ok(api.post("api/bench/reset", ""), 204);
        long start = System.nanoTime();
        ok(api.post("api/bench/enqueue?app=" + app + "&n=" + n, ""), 200);
        awaitJobs(api, n);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Waits until this instance has no job record change left to write. */
    private static void awaitRecordsWritten(Api api) {
        Await.until(
                Duration.ofSeconds(TIMEOUT_SECONDS),
                "the job records written",
                () -> recordsStatus(api).getInt("waiting") == 0);
    }

    /** This instance's job records: {@code {"written", "waiting", "dropped"}}. */
    private static JsonObject recordsStatus(Api api) {
        return ok(api.get("api/records"), 200);
    }

    /**
     * Waits until the application has {@code jobs} succeeded records in the database and nothing waits
     * to be written; answers the milliseconds waited. Fails at once when a change was dropped.
     */
    private static long awaitRecords(Api api, String app, int jobs) throws InterruptedException {
        long start = System.nanoTime();
        long dropped = recordsStatus(api).getJsonNumber("dropped").longValue();
        long deadline = start + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        long succeeded = -1;
        while (System.nanoTime() < deadline) {
            JsonObject status = recordsStatus(api);
            assertEquals(dropped, status.getJsonNumber("dropped").longValue(), "no job record change was dropped");
            if (status.getInt("waiting") == 0) {
                succeeded = ok(api.get("api/applications/" + app + "/jobs?state=succeeded&limit=1"), 200)
                        .getJsonNumber("total")
                        .longValue();
                if (succeeded == jobs) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            }
            Thread.sleep(50);
        }
        assertEquals(jobs, succeeded, "every job of " + app + " has its succeeded record");
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Enqueue over HTTP beside enqueue in the server, into a paused queue: single jobs from ApacheBench
     * (keep-alive, as a producer's connection pool would) at 1, 10 and 50 clients, and bulk requests of
     * 100 and 1,000 jobs. The queue's message count proves every job was confirmed.
     */
    private void restEnqueue(Api api, MicroProcess micro, String type) throws Exception {
        String app = "bench_" + run + "_rest_" + type;
        int jobs = Math.min(JOBS, REST_JOBS);
        try (Rabbit rabbit = new Rabbit()) {
            try {
                ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":10}}"), 201);
                ok(api.post("api/applications/" + app + "/queues/default/pause", ""), 200);
                double inServer = rate(jobs, ok(api.post("api/bench/enqueue?app=" + app + "&n=" + jobs, ""), 200));
                long queued = jobs;
                restRow("in-server async", inServer, inServer);
                for (int threads : List.of(1, 10, 50)) {
                    int n = threads == 1 ? Math.max(1, jobs / 5) : jobs;
                    restRow(
                            "in-server blocking t" + threads,
                            rate(
                                    n,
                                    ok(
                                            api.post(
                                                    "api/bench/enqueue-blocking?app=" + app + "&n=" + n + "&threads="
                                                            + threads,
                                                    ""),
                                            200)),
                            inServer);
                    queued += n;
                }
                Path dir = Files.createTempDirectory("roger-bench-rest");
                String url = micro.baseUrl() + "api/applications/" + app + "/jobs";
                Path single = Files.writeString(dir.resolve("single.json"), "{\"type\":\"noop\",\"args\":{}}");
                // both HTTP paths once before measuring, so neither figure includes the JIT's warm-up
                String running = micro.baseUrl() + "api/jobs/running";
                int warmUp = Math.min(jobs, 2000);
                ApacheBench.get(running, warmUp, 10);
                ApacheBench.post(url, single, warmUp, 10);
                queued += warmUp;
                // the HTTP stack's own ceiling: an authenticated read of the jobs running here, from memory
                restRow(
                        "rest GET ceiling c10",
                        ApacheBench.get(running, jobs, 10).requestsPerSecond(),
                        inServer);
                for (int clients : List.of(1, 10, 50)) {
                    int n = clients == 1 ? Math.max(1, jobs / 5) : jobs;
                    double perSecond = ApacheBench.post(url, single, n, clients).requestsPerSecond();
                    queued += n;
                    restRow("rest c" + clients, perSecond, inServer);
                }
                for (int batch : List.of(100, 1000)) {
                    StringBuilder body = new StringBuilder("[");
                    for (int i = 0; i < batch; i++) {
                        body.append(i == 0 ? "" : ",").append("{\"type\":\"noop\",\"args\":{}}");
                    }
                    Path file = Files.writeString(dir.resolve("bulk" + batch + ".json"), body.append(']'));
                    for (int clients : List.of(1, 4)) {
                        int requests = Math.max(clients, jobs / batch);
                        double perSecond =
                                ApacheBench.post(url, file, requests, clients).requestsPerSecond() * batch;
                        queued += (long) requests * batch;
                        restRow("bulk" + batch + " c" + clients, perSecond, inServer);
                    }
                }
                long finalQueued = queued;
                Await.until(
                        Duration.ofSeconds(60),
                        "the broker holds every confirmed job",
                        () -> rabbit.messages(QueueNames.main(app, "default")) >= finalQueued);
                assertEquals(
                        queued,
                        rabbit.messages(QueueNames.main(app, "default")),
                        "every job enqueued over HTTP is queued, once");
            } finally {
                rabbit.deleteQueues(List.of(QueueNames.main(app, "default")));
            }
        }
    }

    /**
     * Jobs scheduled for later: {@code bench.jobs} of them fall due evenly over {@code SCHEDULE_SPREAD}
     * seconds. Reported: how late each started after its due time (p50, p99, max: the publish's lateness
     * plus the queue's own wait, so an upper bound on the publish's), heap with all of them waiting and
     * after, and the rows they took.
     */
    private void scheduling(Api api, String type) throws Exception {
        String app = "bench_" + run + "_scheduled_" + type;
        int spread = SCHEDULE_SPREAD;
        // long enough to store every job before the first falls due
        int lead = 15 + JOBS / 2_000;
        try {
            ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":100}}"), 201);
            ok(api.post("api/bench/reset", ""), 204);
            JsonObject before = ok(api.get("api/bench/jvm"), 200);
            JsonObject stored = ok(
                    api.post(
                            "api/bench/schedule?app=" + app + "&n=" + JOBS + "&spreadSeconds=" + spread
                                    + "&leadSeconds=" + lead,
                            ""),
                    200);
            JsonObject waiting = ok(api.get("api/bench/jvm"), 200);
            assertTrue(
                    System.currentTimeMillis()
                            < stored.getJsonNumber("firstDue").longValue(),
                    "every job was stored before the first fell due (raise the lead)");
            awaitJobs(api, JOBS);
            JsonObject after = ok(api.get("api/bench/jvm"), 200);
            JsonObject late = ok(api.get("api/bench/latency"), 200);
            long p50 = late.getJsonNumber("p50").longValue() / 1000;
            long p99 = late.getJsonNumber("p99").longValue() / 1000;
            long max = late.getJsonNumber("max").longValue() / 1000;
            long rows = stored.getJsonNumber("rows").longValue();
            row(String.format(
                    Locale.ROOT,
                    "%d jobs due over %d s (%s): started after their due time p50 %d ms, p99 %d ms, max %d ms;"
                            + " %d rows; heap %s -> %s with all waiting -> %s after; stored at %.0f jobs/s",
                    JOBS,
                    spread,
                    type,
                    p50,
                    p99,
                    max,
                    rows,
                    mib(before),
                    mib(waiting),
                    mib(after),
                    rate(JOBS, stored)));
            scenarios.add(String.format(
                    Locale.ROOT,
                    "scheduled type=%s jobs=%d spread_s=%d late_p50_ms=%d late_p99_ms=%d late_max_ms=%d rows=%d"
                            + " heap_before_mib=%.1f heap_waiting_mib=%.1f heap_after_mib=%.1f",
                    type,
                    JOBS,
                    spread,
                    p50,
                    p99,
                    max,
                    rows,
                    heapMib(before),
                    heapMib(waiting),
                    heapMib(after)));
        } finally {
            api.delete("api/applications/" + app);
            try (Rabbit rabbit = new Rabbit()) {
                rabbit.deleteQueues(List.of(QueueNames.main(app, "default")));
            }
        }
    }

    private void restRow(String scenario, double jobsPerSecond, double inServer) {
        row(String.format(
                Locale.ROOT,
                "%-22s %10.0f jobs/s %6.2f x in-server async",
                scenario,
                jobsPerSecond,
                jobsPerSecond / inServer));
        scenarios.add(String.format(
                Locale.ROOT,
                "rest=%s jobs_per_s=%.0f vs_in_server=%.2f",
                scenario.replace(' ', '-'),
                jobsPerSecond,
                jobsPerSecond / inServer));
    }

    private void scale(Api api, MicroProcess micro, String type) throws Exception {
        String app = "bench_" + run + "_depth_" + type;
        String prefix = "bench_" + run + "_" + type + "_t";
        int applications = type.equals("quorum") ? QUORUM_APPLICATIONS : APPLICATIONS;
        try (Rabbit rabbit = new Rabbit()) {
            try {
                ok(api.put("api/applications/" + app, "{\"queues\":{\"default\":10}}"), 201);
                ok(api.post("api/applications/" + app + "/queues/default/pause", ""), 200);
                JsonObject before = ok(api.get("api/bench/jvm"), 200);
                ok(api.post("api/bench/enqueue?app=" + app + "&n=" + JOBS, ""), 200);
                JsonObject after = ok(api.get("api/bench/jvm"), 200);
                assertEquals(
                        JOBS, rabbit.messages(QueueNames.main(app, "default")), "the broker holds the queued jobs");
                row(String.format(
                        Locale.ROOT,
                        "%d jobs queued (%s): heap %s -> %s, threads %d -> %d",
                        JOBS,
                        type,
                        mib(before),
                        mib(after),
                        before.getInt("threads"),
                        after.getInt("threads")));
                scenarios.add(String.format(
                        Locale.ROOT,
                        "scale=queued-jobs type=" + type
                                + " jobs=%d heap_before_mib=%.1f heap_after_mib=%.1f threads_before=%d threads_after=%d",
                        JOBS,
                        heapMib(before),
                        heapMib(after),
                        before.getInt("threads"),
                        after.getInt("threads")));
            } finally {
                rabbit.deleteQueues(List.of(
                        QueueNames.main(app, "default"), QueueNames.buried(app, "default"), QueueNames.parked(app)));
            }

            try {
                JsonObject before = ok(api.get("api/bench/jvm"), 200);
                long startMillis = 0;
                // in batches, so no single HTTP call waits long
                for (int from = 0; from < applications; from += 100) {
                    int count = Math.min(100, applications - from);
                    startMillis += ok(
                                    api.post(
                                            "api/bench/applications?prefix=" + prefix + "&from=" + from + "&count="
                                                    + count,
                                            ""),
                                    200)
                            .getJsonNumber("millis")
                            .longValue();
                }
                JsonObject after = ok(api.get("api/bench/jvm"), 200);
                Map<String, Integer> channels = channelsPerConnection("roger@" + micro.instanceName());
                int maxChannels = channels.values().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0);
                row(String.format(
                        Locale.ROOT,
                        "%d applications x 2 queues (%s): started in %d ms, heap %s -> %s, threads %d -> %d,"
                                + " %d connections, %d channels (at most %d on one connection)",
                        applications,
                        type,
                        startMillis,
                        mib(before),
                        mib(after),
                        before.getInt("threads"),
                        after.getInt("threads"),
                        channels.size(),
                        channels.values().stream().mapToInt(Integer::intValue).sum(),
                        maxChannels));
                scenarios.add(String.format(
                        Locale.ROOT,
                        "scale=applications type=%s applications=%d start_ms=%d heap_after_mib=%.1f threads=%d connections=%d max_channels_per_connection=%d",
                        type,
                        applications,
                        startMillis,
                        heapMib(after),
                        after.getInt("threads"),
                        channels.size(),
                        maxChannels));
                assertTrue(maxChannels < 2047, "under RabbitMQ's channel limit per connection");
                ok(api.delete("api/bench/applications?prefix=" + prefix + "&from=0&count=" + applications), 204);
            } finally {
                List<String> queues = new ArrayList<>();
                for (int i = 0; i < applications; i++) {
                    queues.add(QueueNames.main(prefix + i, "a"));
                    queues.add(QueueNames.main(prefix + i, "b"));
                }
                rabbit.deleteQueues(queues);
            }
        }
    }

    /** Connection name to its channel count, for the connections whose client name starts with the prefix. */
    private static Map<String, Integer> channelsPerConnection(String clientPrefix) {
        Map<String, Integer> channels = new HashMap<>();
        // RabbitMQ 3.10 shows the client-provided name inside client_properties only
        Pattern named =
                Pattern.compile("\"connection_name\",(?:longstr,)?\"(" + Pattern.quote(clientPrefix) + "[^\"]*)\"");
        for (String line : Rabbit.rabbitmqctl("list_connections", "-q", "channels", "client_properties")) {
            Matcher name = named.matcher(line);
            String count = line.trim().split("\\s+")[0];
            if (name.find() && count.matches("\\d+")) {
                channels.put(name.group(1), Integer.parseInt(count));
            }
        }
        return channels;
    }

    private static String mib(JsonObject jvm) {
        return String.format(Locale.ROOT, "%.1f MiB", heapMib(jvm));
    }

    private static double heapMib(JsonObject jvm) {
        return jvm.getJsonNumber("heapBytes").longValue() / 1048576.0;
    }

    /**
     * Waits in calls of at most 20 s each (a call of a minute or more was cut off several times here),
     * and answers the milliseconds waited in all, summed on the server, and the count.
     */
    private static JsonObject awaitJobs(Api api, int n) {
        long millis = 0;
        int count = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (count < n && System.nanoTime() < deadline) {
            JsonObject part;
            try {
                part = ok(api.post("api/bench/await?n=" + n + "&timeoutSeconds=20", ""), 200);
            } catch (IllegalStateException e) {
                // the connection was closed under the call (seen a few times here, cause not found):
                // waiting is idempotent, so ask once more
                part = ok(api.post("api/bench/await?n=" + n + "&timeoutSeconds=20", ""), 200);
            }
            millis += part.getJsonNumber("millis").longValue();
            count = part.getInt("count");
        }
        assertEquals(n, count, "every job ran");
        return jakarta.json.Json.createObjectBuilder()
                .add("millis", millis)
                .add("count", count)
                .build();
    }

    private static double rate(int jobs, JsonObject timing) {
        return jobs / Math.max(0.001, timing.getJsonNumber("millis").longValue() / 1000.0);
    }

    private static JsonObject ok(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), reply.body());
        return status == 204 ? null : reply.json();
    }

    /** PerfTest's receiving rate and consumer latency (publish to delivery). */
    record PerfTestResult(double rate, long p50Micros, long p99Micros) {}

    /**
     * RabbitMQ PerfTest with Roger's settings: persistent, confirms (100 outstanding), manual acks,
     * prefetch = concurrency; {@code rate} 0 publishes as fast as possible.
     */
    private PerfTestResult perfTest(String type, int concurrency, int messages, int rate)
            throws IOException, InterruptedException {
        String queue = "bench-perftest-" + run + "-" + type + "-" + concurrency;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "com.rabbitmq.perf.PerfTest",
                "-x",
                "1",
                "-y",
                "1",
                "-u",
                queue,
                "-ad",
                "false",
                "-f",
                "persistent",
                "-qa",
                "x-queue-type=" + type,
                "-c",
                String.valueOf(BenchResource.WINDOW),
                "-q",
                String.valueOf(concurrency),
                "-C",
                String.valueOf(messages),
                "-D",
                String.valueOf(messages),
                "-s",
                String.valueOf(MESSAGE_BYTES),
                "-i",
                "5"));
        if (rate > 0) {
            command.addAll(List.of("-r", String.valueOf(rate)));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> output.append(line).append('\n'));
        }
        process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(queue));
        }
        Matcher receiving = Pattern.compile("receiving rate avg: (\\d+) msg/s").matcher(output);
        assertTrue(receiving.find(), "PerfTest printed no receiving rate:\n" + output);
        Matcher latency = Pattern.compile(
                        "consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+)")
                .matcher(output);
        assertTrue(latency.find(), "PerfTest printed no consumer latency:\n" + output);
        return new PerfTestResult(
                Double.parseDouble(receiving.group(1)),
                Long.parseLong(latency.group(2)),
                Long.parseLong(latency.group(5)));
    }

    private void report() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Roger benchmark: " + JOBS + " no-op jobs per scenario, " + APPLICATIONS + " applications ("
                + QUORUM_APPLICATIONS + " on quorum queues), "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
        lines.addAll(warmUps);
        lines.addAll(table);
        lines.addAll(scenarios);
        lines.forEach(System.out::println);
        Path file = Path.of(System.getProperty("bench.output", "target/bench/results.txt"));
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
