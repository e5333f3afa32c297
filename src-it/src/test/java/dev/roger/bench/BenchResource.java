package dev.roger.bench;

import dev.roger.api.EnqueueOptions;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deployed with the benchmark only: drives RogerService inside the server, so the figures are
 * Roger's and not an HTTP client's.
 */
@Path("bench")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class BenchResource {

    /** Publisher confirms outstanding at once, as PerfTest's {@code -c}. */
    static final int WINDOW = 100;

    private static final EnqueueOptions DEFAULT_QUEUE = EnqueueOptions.onQueue("default");

    @Inject
    RogerService roger;

    @Inject
    BenchRecorder recorder;

    @Inject
    NoisyRecorder noisy;

    @POST
    @Path("reset")
    public void reset() {
        recorder.reset();
    }

    /** Enqueues n no-op jobs from one thread as fast as confirms allow (window of 100); returns the milliseconds. */
    @POST
    @Path("enqueue")
    public JsonObject enqueue(@QueryParam("app") String app, @QueryParam("n") int n) throws InterruptedException {
        long start = System.nanoTime();
        publish(app, n, 0);
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .build();
    }

    /**
     * Enqueues n no-op jobs with the blocking {@code enqueue} from {@code threads} threads, each waiting
     * for its confirm: what the same number of HTTP clients ask of the server, without HTTP.
     */
    @POST
    @Path("enqueue-blocking")
    public JsonObject enqueueBlocking(
            @QueryParam("app") String app, @QueryParam("n") int n, @QueryParam("threads") int threads)
            throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        roger.enqueue(app, "noop", new NoopArgs(System.nanoTime()), DEFAULT_QUEUE);
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        if (failure.get() != null) {
            throw new IllegalStateException("an enqueue failed", failure.get());
        }
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .build();
    }

    /** Enqueues n jobs at a steady rate (jobs per second). */
    @POST
    @Path("enqueue-paced")
    public JsonObject paced(@QueryParam("app") String app, @QueryParam("n") int n, @QueryParam("rate") int rate)
            throws InterruptedException {
        long start = System.nanoTime();
        publish(app, n, rate);
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .build();
    }

    private void publish(String app, int n, int rate) throws InterruptedException {
        Semaphore window = new Semaphore(WINDOW);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            window.acquire();
            roger.enqueueAsync(app, "noop", new NoopArgs(System.nanoTime()), DEFAULT_QUEUE)
                    .whenComplete((id, error) -> {
                        if (error != null) {
                            failure.set(error);
                        }
                        window.release();
                    });
        }
        window.acquire(WINDOW);
        if (failure.get() != null) {
            throw new IllegalStateException("an enqueue failed", failure.get());
        }
    }

    /**
     * The noisy neighbour: {@code jobs} jobs of {@code millis} ms into {@code flood} as fast as confirms
     * allow, while each of the {@code quietApps} applications {@code quiet0, quiet1, ...} enqueues one
     * every {@code everyMillis} ms (their starts spread over the period), until the flood's jobs have
     * all ended; then waits for the quiet ones. Answers the quiet jobs' waits from enqueue to start, the
     * flood's rate, the most jobs that ran at once and the time jobs ran in all.
     */
    @POST
    @Path("noisy")
    public JsonObject noisy(
            @QueryParam("flood") String flood,
            @QueryParam("quiet") String quiet,
            @QueryParam("quietApps") int quietApps,
            @QueryParam("jobs") int jobs,
            @QueryParam("millis") int millis,
            @QueryParam("everyMillis") int everyMillis)
            throws InterruptedException {
        noisy.reset();
        java.util.concurrent.ScheduledExecutorService ticks = java.util.concurrent.Executors.newScheduledThreadPool(2);
        java.util.concurrent.atomic.AtomicInteger quietSent = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < quietApps; i++) {
            String app = quiet + i;
            ticks.scheduleAtFixedRate(
                    () -> roger.enqueueAsync(
                                    app, "noisy", new NoisyArgs(System.nanoTime(), millis, true), DEFAULT_QUEUE)
                            .whenComplete((id, error) -> {
                                if (error != null) {
                                    failure.set(error);
                                } else {
                                    quietSent.incrementAndGet();
                                }
                            }),
                    (long) i * everyMillis / Math.max(1, quietApps),
                    everyMillis,
                    TimeUnit.MILLISECONDS);
        }
        long start = System.nanoTime();
        Semaphore window = new Semaphore(WINDOW);
        for (int i = 0; i < jobs; i++) {
            window.acquire();
            roger.enqueueAsync(flood, "noisy", new NoisyArgs(System.nanoTime(), millis, false), DEFAULT_QUEUE)
                    .whenComplete((id, error) -> {
                        if (error != null) {
                            failure.set(error);
                        }
                        window.release();
                    });
        }
        long deadline = start + TimeUnit.MINUTES.toNanos(10);
        while (noisy.floodEnded() < jobs && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(5);
        }
        long floodNanos = System.nanoTime() - start;
        ticks.shutdownNow();
        ticks.awaitTermination(10, TimeUnit.SECONDS);
        Thread.sleep(100); // the last quiet enqueues' confirms
        while (noisy.quietEnded() < quietSent.get() && System.nanoTime() < deadline && failure.get() == null) {
            Thread.sleep(5);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an enqueue failed", failure.get());
        }
        double[] waits = noisy.quietWaitPercentilesMillis();
        return Json.createObjectBuilder()
                .add("quietP50Millis", waits[0])
                .add("quietP99Millis", waits[1])
                .add("quietJobs", noisy.quietEnded())
                .add("quietSent", quietSent.get())
                .add("floodJobs", noisy.floodEnded())
                .add("floodMillis", floodNanos / 1_000_000)
                .add("most", noisy.most())
                .add("busyMillis", noisy.busyNanos() / 1_000_000)
                .build();
    }

    /** Waits until n jobs have started since the last reset; returns the milliseconds waited. */
    @POST
    @Path("await")
    public JsonObject await(@QueryParam("n") int n, @QueryParam("timeoutSeconds") int timeoutSeconds)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (recorder.count() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .add("count", recorder.count())
                .build();
    }

    @GET
    @Path("latency")
    public JsonObject latency() {
        long[] p = recorder.percentilesMicros();
        return Json.createObjectBuilder()
                .add("p50", p[0])
                .add("p99", p[1])
                .add("max", p[2])
                .add("count", recorder.count())
                .build();
    }

    /**
     * Schedules n jobs falling due evenly over {@code spreadSeconds}, the first {@code leadSeconds}
     * from now, from 8 threads; returns the milliseconds it took and the first due time.
     */
    @POST
    @Path("schedule")
    public JsonObject schedule(
            @QueryParam("app") String app,
            @QueryParam("n") int n,
            @QueryParam("spreadSeconds") int spreadSeconds,
            @QueryParam("leadSeconds") int leadSeconds)
            throws InterruptedException {
        long first = System.currentTimeMillis() + leadSeconds * 1000L;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        long due = first + (long) i * spreadSeconds * 1000L / n;
                        roger.enqueue(
                                app,
                                "late",
                                new LateArgs(due),
                                EnqueueOptions.at(java.time.Instant.ofEpochMilli(due))
                                        .withQueue("default"));
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        if (failure.get() != null) {
            throw new IllegalStateException("a schedule failed", failure.get());
        }
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .add("firstDue", first)
                .add("rows", roger.scheduledJobs(app, 0, 1).total())
                .build();
    }

    /** Heap in use after a full collection, and live threads. */
    @GET
    @Path("jvm")
    public JsonObject jvm() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Json.createObjectBuilder()
                .add("heapBytes", heap)
                .add("threads", ManagementFactory.getThreadMXBean().getThreadCount())
                .build();
    }

    /** The JIT's compile time so far (milliseconds): the bench warms a server up until it stops growing. */
    @GET
    @Path("jit")
    public JsonObject jit() {
        return Json.createObjectBuilder()
                .add("compileMillis", ManagementFactory.getCompilationMXBean().getTotalCompilationTime())
                .build();
    }

    /** Starts applications {@code prefix<from>..} with queues a=1 and b=1; returns the milliseconds. */
    @POST
    @Path("applications")
    public JsonObject startMany(
            @QueryParam("prefix") String prefix, @QueryParam("from") int from, @QueryParam("count") int count) {
        long start = System.nanoTime();
        for (int i = from; i < from + count; i++) {
            roger.startApplication(prefix + i, Map.of("a", 1, "b", 1));
        }
        return Json.createObjectBuilder()
                .add("millis", (System.nanoTime() - start) / 1_000_000)
                .build();
    }

    @DELETE
    @Path("applications")
    public void stopMany(
            @QueryParam("prefix") String prefix, @QueryParam("from") int from, @QueryParam("count") int count) {
        for (int i = from; i < from + count; i++) {
            roger.stopApplication(prefix + i);
        }
    }
}
