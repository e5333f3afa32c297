package dev.roger.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.fault.FaultResource;
import dev.roger.it.fault.RecordArgs;
import dev.roger.it.fault.RecordJob;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * One fault in the middle of a run of record jobs (each writes a row per execution to PostgreSQL),
 * and what must hold after it: every job ran at least once, a paused queue is still paused, a
 * cancel made before the fault still holds, a queue key still rejects a duplicate, an execution
 * key is not left stuck, and a fresh job runs with nobody intervening. Executions and duplicates
 * are printed.
 *
 * <p>The application has two queues: {@code default} for the run, and {@code held}, paused, where the
 * fault leaves a keyed job and a cancelled one. After the fault the drill resumes it: the keyed job
 * runs, the cancelled one never does; then it pauses it again. So each drill stands alone.
 */
public final class FaultDrill {

    public static final String TABLE = "roger_it_execution";
    private static final Duration DRAIN = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofMinutes(1);

    private final String application;
    private final Postgres postgres;
    private final int jobs;
    private final List<String> heldRuns = new ArrayList<>();

    public FaultDrill(String application, Postgres postgres, int jobs) {
        this.application = application;
        this.postgres = postgres;
        this.jobs = jobs;
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + TABLE + " (run VARCHAR(100), n INT, instance VARCHAR(100), at BIGINT)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The application's configuration: {@code default} runs the drill, {@code held} stays paused. */
    public static String applications(String application) {
        return application + ":default=20,held=1";
    }

    /** The bare WAR plus the record job and the in-server producer. */
    public static WebArchive war(Map<String, String> config) {
        return TestWar.bare(config).addClasses(RecordArgs.class, RecordJob.class, FaultResource.class);
    }

    /** Pauses {@code held} for the whole drill. */
    public void pauseHeld(Api api) {
        Api.Reply paused = api.post("api/applications/" + application + "/queues/held/pause", "");
        assertTrue(paused.status() / 100 == 2, paused.body());
    }

    /**
     * Runs the drill's jobs through {@code api}, injects the fault once a tenth of them ran, and checks
     * what must hold afterwards through {@code survivors} (the instances still up); returns the run's
     * name (for {@link #counts}).
     */
    public String survives(String fault, Api api, Supplier<List<Api>> survivors, Runnable inject) throws Exception {
        String run = fault + "-" + UUID.randomUUID().toString().substring(0, 6);
        CompletableFuture<Api.Reply> enqueue = CompletableFuture.supplyAsync(
                () -> api.post("api/fault/enqueue?app=" + application + "&run=" + run + "&n=" + jobs, ""));
        Await.until(Duration.ofMinutes(2), "jobs of " + run + " run", () -> counts(run)[0] > jobs / 10);

        String held = "held-" + run;
        enqueue(api, held, 0, "queue-key-" + run, null, "held");
        String cancelled = enqueue(api, held, 1, null, null, "held");
        assertEquals(
                202,
                api.delete("api/applications/" + application + "/jobs/" + cancelled)
                        .status());
        heldRuns.add(held);
        String keyed = "execution-key-" + run;
        for (int n = 0; n < 3; n++) {
            enqueue(api, keyed, n, null, keyed, "default");
        }

        inject.run();

        Api.Reply enqueued = enqueue.get();
        assertEquals(200, enqueued.status(), enqueued.body());
        Await.until(DRAIN, "every job of " + run + " ran at least once", () -> counts(run)[1] == jobs);
        long[] counts = counts(run);
        System.out.printf(
                "fault=%s jobs=%d executions=%d duplicates=%d lost=%d resent_enqueues=%d%n",
                fault,
                jobs,
                counts[0],
                counts[0] - counts[1],
                jobs - counts[1],
                enqueued.json().getInt("resent"));

        // the system serves again by itself: every survivor reports ready (as a load balancer would wait)
        long drained = System.nanoTime();
        for (Api instance : survivors.get()) {
            Await.until(
                    WAIT,
                    instance + " ready after " + fault,
                    () -> instance.readiness().status() == 200);
        }
        System.out.printf("fault=%s ready_after_drain_ms=%d%n", fault, (System.nanoTime() - drained) / 1_000_000);
        Api survivor = survivors.get().get(0);
        for (Api instance : survivors.get()) {
            assertTrue(heldIsPaused(instance), "held is still paused on " + instance);
        }
        Api.Reply duplicate = survivor.post(
                "api/applications/" + application + "/jobs", body(held, 2, "queue-key-" + run, null, "held"));
        assertEquals(409, duplicate.status(), "the queue key still holds after " + fault + ": " + duplicate.body());
        Await.until(WAIT, "the execution-keyed jobs of " + run + " ran", () -> counts(keyed)[1] == 3);
        enqueue(survivor, keyed, 3, null, keyed, "default");
        Await.until(WAIT, "a job with the same execution key runs after " + fault, () -> counts(keyed)[1] == 4);
        String after = run + "-after";
        enqueue(survivor, after, 0, null, null, "default");
        Await.until(WAIT, "a job after " + fault + " runs", () -> counts(after)[1] == 1);
        releaseHeld(survivor, survivors);
        pauseHeld(survivor);
        return run;
    }

    /** Resumes {@code held}: every keyed job the fault left there runs, every cancelled one does not, and the queue keys are free. */
    public void releaseHeld(Api api, Supplier<List<Api>> survivors) {
        assertEquals(
                2,
                api.post("api/applications/" + application + "/queues/held/resume", "")
                                .status()
                        / 100);
        for (String held : heldRuns) {
            Await.until(WAIT, "the keyed job of " + held + " runs", () -> countOf(held, 0) >= 1);
        }
        // once nothing is ready and nothing runs, every cancelled job has been delivered and dropped
        Await.until(
                WAIT,
                "held drained",
                () -> survivors.get().stream()
                        .map(instance -> queue(instance, "held"))
                        .allMatch(held -> held.getInt("messages") == 0 && held.getInt("running") == 0));
        for (String held : heldRuns) {
            assertEquals(0, countOf(held, 1), "the job cancelled before the fault never ran (" + held + ")");
            String run = held.substring("held-".length());
            enqueue(api, held, 3, "queue-key-" + run, null, "held");
        }
        heldRuns.clear();
    }

    /** Enqueues a record job through the REST API (201 expected) and returns its id. */
    public String enqueue(Api api, String run, int n, String queueKey, String executionKey, String queue) {
        Api.Reply reply =
                api.post("api/applications/" + application + "/jobs", body(run, n, queueKey, executionKey, queue));
        assertEquals(201, reply.status(), "enqueue " + run + " #" + n + " on " + api + ": " + reply.body());
        return reply.json().getString("id");
    }

    /** Posts a record job through the REST API and returns the answer, whatever it is. */
    public Api.Reply post(Api api, String run, int n) {
        return api.post("api/applications/" + application + "/jobs", body(run, n, null, null, "default"));
    }

    private static String body(String run, int n, String queueKey, String executionKey, String queue) {
        return "{\"type\":\"record\",\"queue\":\"" + queue + "\",\"args\":{\"run\":\"" + run + "\",\"n\":" + n
                + (queueKey == null ? "" : ",\"queueKey\":\"" + queueKey + "\"")
                + (executionKey == null ? "" : ",\"executionKey\":\"" + executionKey + "\"") + "}}";
    }

    private boolean heldIsPaused(Api api) {
        return queue(api, "held").getBoolean("paused");
    }

    /** One of the drill application's queues as one instance reports it. */
    public JsonObject queue(Api api, String queue) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(application))
                .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .filter(q -> q.getString("name").equals(queue))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no queue " + queue + " on " + api));
    }

    /** Executions and distinct jobs of a run. */
    public long[] counts(String run) {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT COUNT(*), COUNT(DISTINCT n) FROM " + TABLE + " WHERE run = '" + run + "'")) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long countOf(String run, int n) {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT COUNT(*) FROM " + TABLE + " WHERE run = '" + run + "' AND n = " + n)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
