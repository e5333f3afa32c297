package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.probe.CurrentJobArgs;
import dev.roger.it.probe.CurrentJobJob;
import dev.roger.it.probe.CurrentJobProbe;
import dev.roger.it.probe.CurrentJobResource;
import dev.roger.it.probe.SpinJob;
import dev.roger.it.support.AdminPage;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's view of itself ({@code CurrentJob}), in the container: an application-scoped job reads its
 * own run, two runs at once each read their own, a retried run reads attempt 1, a job that does not
 * block sees its cancel, and the progress a job reports shows on the admin page and in the REST running
 * list while it runs, and in its record within about a second. The jobs wait at gates the test opens.
 */
@ExtendWith(ArquillianExtension.class)
class CurrentJobIT {

    static final String APP = TestWar.uniqueApplication("current");
    static final Duration WAIT = AdminPage.WAIT;
    static AdminPage page;
    static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestWar.build(TestWar.baseConfig(APP + ":default=4"))
                .addClasses(
                        CurrentJobArgs.class,
                        CurrentJobProbe.class,
                        CurrentJobJob.class,
                        SpinJob.class,
                        CurrentJobResource.class);
    }

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("current", "default");
        page.adopt(APP);
        browser = page.browser();
    }

    @AfterAll
    static void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    private static String newGate() {
        return "gate-" + UUID.randomUUID();
    }

    private String enqueue(String gate, int steps, int failedRuns) {
        return api().enqueue(
                        APP,
                        "current-job",
                        "{\"gate\":\"" + gate + "\",\"steps\":" + steps + ",\"failedRuns\":" + failedRuns + "}");
    }

    private void open(String gate) {
        Api.Reply opened = api().post("api/probe/current/gates/" + gate, "");
        assertEquals(204, opened.status(), opened.body());
    }

    /** What the job with this id saw, under the id it read itself, at each point it recorded. */
    private List<JsonObject> seen(String id) {
        return api().get("api/probe/current/seen/" + id)
                .json()
                .getJsonArray("seen")
                .getValuesAs(JsonObject.class);
    }

    private List<JsonObject> seen(String id, String at) {
        return seen(id).stream().filter(s -> s.getString("at").equals(at)).toList();
    }

    private JsonObject record(String id) {
        return api().get("api/applications/" + APP + "/jobs/" + id).json();
    }

    private Optional<JsonObject> running(String id) {
        return api().get("api/jobs/running").json().getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .filter(j -> j.getString("id").equals(id))
                .findFirst();
    }

    @Test
    void aJobReadsItsRunAndItsProgressShowsOnThePageInTheRunningListAndInItsRecord() {
        page.openShowing(base.toString(), APP);
        String gate = newGate();
        Instant beforeEnqueue = Instant.now().minusSeconds(1);
        String id = enqueue(gate, 2, 0);
        Await.until(WAIT, "the job starts", () -> !seen(id, "start").isEmpty());

        JsonObject start = seen(id, "start").get(0);
        assertEquals(id, start.getString("id"));
        assertEquals(APP, start.getString("application"));
        assertEquals("default", start.getString("queue"));
        assertEquals(0, start.getInt("attempt"));
        Instant enqueuedAt = Instant.parse(start.getString("enqueuedAt"));
        assertTrue(
                !enqueuedAt.isBefore(beforeEnqueue) && !enqueuedAt.isAfter(Instant.now()),
                "enqueued at " + enqueuedAt + ", the test enqueued at " + beforeEnqueue);

        String cell = "progress-" + id;
        browser.waitFor(
                "the page shows the first step",
                WAIT,
                d -> browser.has(cell) && browser.find(cell).getText().equals("0 % step 1 of 2"));
        open(gate);
        browser.waitFor(
                "the page shows the second step",
                WAIT,
                d -> browser.has(cell) && browser.find(cell).getText().equals("50 % step 2 of 2"));
        page.screenshot("current-job-progress", cell);
        Instant shown = Instant.now();

        JsonObject listed = running(id).orElseThrow(() -> new AssertionError("the job is not in the running list"));
        assertEquals(50, listed.getInt("progress"));
        assertEquals("step 2 of 2", listed.getString("progressMessage"));

        Await.until(
                WAIT,
                "the record shows the second step",
                () -> !record(id).isNull("progress") && record(id).getInt("progress") == 50);
        Duration recorded = Duration.between(shown, Instant.now());
        JsonObject record = record(id);
        assertEquals("step 2 of 2", record.getString("progressMessage"));
        assertEquals("running", record.getString("state"));
        assertTrue(recorded.toMillis() < 5_000, "the record has the progress within about a second: " + recorded);

        open(gate);
        Await.until(
                WAIT, "the job succeeds", () -> record(id).getString("state").equals("succeeded"));
        assertEquals(id, seen(id, "end").get(0).getString("id"), "the run is the job's own to its end");
    }

    @Test
    void twoRunsAtOnceEachReadTheirOwnRun() {
        String firstGate = newGate();
        String secondGate = newGate();
        String first = enqueue(firstGate, 1, 0);
        String second = enqueue(secondGate, 1, 0);
        Await.until(
                WAIT,
                "both jobs run at once",
                () -> !seen(first, "start").isEmpty() && !seen(second, "start").isEmpty());

        JsonObject firstStart = seen(first, "start").get(0);
        JsonObject secondStart = seen(second, "start").get(0);
        assertEquals(first, firstStart.getString("id"));
        assertEquals(second, secondStart.getString("id"));
        assertNotEquals(firstStart.getString("thread"), secondStart.getString("thread"));

        open(secondGate);
        Await.until(WAIT, "the second job ends", () -> !seen(second, "end").isEmpty());
        open(firstGate);
        Await.until(WAIT, "the first job ends", () -> !seen(first, "end").isEmpty());
        assertEquals(first, seen(first, "end").get(0).getString("id"));
        assertEquals(second, seen(second, "end").get(0).getString("id"));
    }

    @Test
    void aRetriedJobReadsAttemptOne() {
        String id = enqueue(newGate(), 0, 1);
        Await.until(WAIT, "the job runs twice", () -> seen(id, "start").size() == 2);

        assertEquals(
                List.of(0, 1),
                seen(id, "start").stream().map(s -> s.getInt("attempt")).toList());
        Await.until(
                WAIT,
                "the retried job succeeds",
                () -> record(id).getString("state").equals("succeeded"));
        assertEquals(1, record(id).getInt("attempt"));
    }

    @Test
    void aJobThatDoesNotBlockSeesItsCancel() {
        String id = api().enqueue(APP, "spin", "{}");
        Await.until(WAIT, "the job spins", () -> !seen(id, "start").isEmpty());

        Api.Reply cancelled = api().delete("api/applications/" + APP + "/jobs/" + id);
        assertTrue(cancelled.status() / 100 == 2, cancelled.status() + " " + cancelled.body());

        Await.until(
                WAIT,
                "the job ends",
                () -> seen(id, "cancelled").size() + seen(id, "end").size() > 0);
        assertEquals(1, seen(id, "cancelled").size(), "the job saw its cancel: " + seen(id));
        Await.until(
                WAIT,
                "the record is cancelled",
                () -> record(id).getString("state").equals("cancelled"));
    }

    @Test
    void outsideAJobCurrentJobRefusesClearly() {
        JsonObject outside = api().get("api/probe/current/outside").json();

        assertTrue(outside.getString("refused", "").contains("no job runs on this thread"), outside.toString());
    }
}
