package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.AdminPage;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin page's job records, in headless Chromium, on one Payara Micro with the embedded database:
 * a job looked up by id, the inspected application's recent jobs filtered and paged, its jobs that
 * failed for good retried from the page, and a paused queue's jobs listed from the records (and peeked
 * at when records are off for the application). Jobs are enqueued through the REST API, and the test
 * waits through the API until their records say what it needs before it looks at the page. Each test
 * starts an application of its own, so any test may run alone or in any order.
 */
@ExtendWith(ArquillianExtension.class)
class JobRecordsPageIT {

    /** An application whose jobs get no record (roger.records.off), started by the configuration. */
    static final String OFF = TestWar.uniqueApplication("rjoff");

    static final Duration WAIT = AdminPage.WAIT;
    static AdminPage page;
    static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(OFF + ":default=2");
        config.put("roger.records.off", OFF);
        return TestWar.build(config);
    }

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("rjpage", "default", "other");
        page.adopt(OFF);
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

    private String application() {
        return page.startApplication(api(), "{\"default\":3,\"other\":2}");
    }

    /** The job's record through the REST API, or null while there is none. */
    private JsonObject record(String application, String id) {
        Api.Reply reply = api().get("api/applications/" + application + "/jobs/" + id);
        return reply.status() == 200 ? reply.json() : null;
    }

    private String state(String application, String id) {
        JsonObject record = record(application, id);
        return record == null ? null : record.getString("state");
    }

    /** How many of the application's records the REST API lists for the query ("state=failed", say). */
    private long total(String application, String query) {
        Api.Reply reply = api().get("api/applications/" + application + "/jobs?limit=1&" + query);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonNumber("total").longValue();
    }

    /** The ids of one page of records the REST API lists for the query, latest change first. */
    private List<String> ids(String application, String query) {
        Api.Reply reply = api().get("api/applications/" + application + "/jobs?offset=0&limit=20&" + query);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("id"))
                .toList();
    }

    /** The ids of the rows of a list on the page, in their order ({@code prefix} their data-test's start). */
    private List<String> rows(String table, String prefix) {
        return browser.driver().findElements(By.cssSelector("[data-test='" + table + "'] tbody tr")).stream()
                .map(row -> row.getAttribute("data-test").substring(prefix.length()))
                .toList();
    }

    /** Posts the jobs (JSON objects) in one request and returns their ids. */
    private List<String> enqueueAll(String application, List<String> jobs) {
        Api.Reply reply = api().post(
                        "api/applications/" + application + "/jobs",
                        jobs.stream().collect(Collectors.joining(",", "[", "]")));
        assertEquals(200, reply.status(), reply.body());
        return reply.array().getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("id"))
                .toList();
    }

    /** A brittle job (not retryable) that fails its first {@code failures} runs. */
    private String brittle(String application, int failures) {
        return api().enqueue(
                        application,
                        "brittle",
                        "{\"key\":\"" + UUID.randomUUID() + "\",\"failures\":" + failures + "}");
    }

    /** Opens the page and inspects the queue; the overview re-renders itself every 3 s, so the click is tried again. */
    private void inspect(String application, String queue) {
        page.openShowing(base.toString(), application);
        browser.waitFor("the inspect button takes the click", WAIT, d -> {
            browser.find("inspect-" + QueueNames.main(application, queue)).click();
            return true;
        });
        browser.waitFor(
                "the inspected queue's list of queued jobs",
                WAIT,
                d -> browser.has("queued-source")
                                && browser.find("queued-source").getText().contains(application + "-" + queue)
                        || browser.text().contains("records are off for " + application));
    }

    private void lookUp(String application, String id) {
        new Select(browser.find("lookup-application")).selectByVisibleText(application);
        WebElement field = browser.find("lookup-id");
        field.clear();
        field.sendKeys(id);
        browser.find("lookup").click();
    }

    private String text(String dataTest) {
        return browser.find(dataTest).getText().trim();
    }

    @Test
    void aJobLookedUpByIdShowsItsRecord() {
        String app = application();
        String id = api().enqueue(app, "echo", "{\"greeting\":\"hello records\"}");
        Await.until(WAIT, "the echo job's record says succeeded", () -> "succeeded".equals(state(app, id)));

        page.openShowing(base.toString(), app);
        lookUp(app, id);
        browser.waitFor(
                "the job's record",
                WAIT,
                d -> browser.has("record-id") && text("record-id").equals(id));
        assertEquals("succeeded", text("record-state"));
        assertEquals(app, text("record-application"));
        assertEquals("default", text("record-queue"));
        assertEquals("echo", text("record-type"));
        assertEquals("0", text("record-attempt"));
        assertFalse(text("record-instance").isEmpty(), "the instance that ran it is shown");
        assertFalse(text("record-finished").isEmpty(), "its end is shown");
        assertTrue(text("record-args").contains("hello records"), text("record-args"));
        assertTrue(text("record-result").contains("hello records"), "echo returns its args: " + text("record-result"));
        assertEquals("", text("record-error"));
        page.screenshot("records-01-looked-up", "record");

        String unknown = UUID.randomUUID().toString();
        lookUp(app, unknown);
        browser.waitFor("the answer for an unknown id", WAIT, d -> browser.has("lookup-outcome"));
        assertEquals("No such job " + unknown + " in application " + app + ".", text("lookup-outcome"));
        assertFalse(browser.has("record-id"), "no record is shown");

        lookUp(OFF, id);
        browser.waitFor(
                "the answer for an application without records",
                WAIT,
                d -> browser.has("lookup-outcome") && text("lookup-outcome").startsWith("Records are off"));
        assertEquals(
                "Records are off for application " + OFF + ": Roger keeps no record of its jobs.",
                text("lookup-outcome"));
        page.screenshot("records-02-records-off", "lookup-outcome");
    }

    @Test
    void recentJobsAreFilteredByStateAndTypeAndPagedByTwenty() {
        String app = application();
        List<String> echoes = enqueueAll(
                app,
                IntStream.range(0, 22)
                        .mapToObj(i -> "{\"type\":\"echo\",\"args\":{\"n\":" + i + "}}")
                        .toList());
        List<String> sleeps = enqueueAll(
                app,
                IntStream.range(0, 3)
                        .mapToObj(i -> "{\"type\":\"sleep\",\"args\":{\"millis\":1},\"queue\":\"other\"}")
                        .toList());
        List<String> failed = List.of(brittle(app, 5), brittle(app, 5));
        Await.until(
                WAIT,
                "25 records say succeeded and 2 failed",
                () -> total(app, "state=succeeded") == 25 && total(app, "state=failed") == 2);

        inspect(app, "default");
        assertEquals("1-20 of 27", text("recent-range"), "unfiltered: every job of the application");

        new Select(browser.find("records-type")).selectByVisibleText("echo");
        browser.find("records-filter").click();
        browser.waitFor(
                "the echo jobs' first page", WAIT, d -> text("recent-range").equals("1-20 of 22"));
        List<String> firstPage = rows("recent", "recent-");
        assertEquals(ids(app, "type=echo"), firstPage, "latest change first, as the API lists them");
        assertTrue(echoes.containsAll(firstPage), "only echo jobs: " + firstPage);
        assertTrue(browser.find("recent-previous").getAttribute("disabled") != null);
        page.screenshot("records-03-recent-echo", "recent");

        browser.find("recent-next").click();
        browser.waitFor(
                "the echo jobs' second page", WAIT, d -> text("recent-range").equals("21-22 of 22"));
        List<String> secondPage = rows("recent", "recent-");
        assertEquals(2, secondPage.size());
        assertTrue(echoes.containsAll(secondPage), "only echo jobs: " + secondPage);
        assertTrue(secondPage.stream().noneMatch(firstPage::contains), "another page: " + secondPage);
        assertTrue(browser.find("recent-next").getAttribute("disabled") != null);

        browser.find("recent-previous").click();
        browser.waitFor("the first page again", WAIT, d -> text("recent-range").equals("1-20 of 22"));

        new Select(browser.find("records-type")).selectByVisibleText("any");
        new Select(browser.find("records-state")).selectByVisibleText("failed");
        browser.find("records-filter").click();
        browser.waitFor("the failed jobs", WAIT, d -> text("recent-range").equals("1-2 of 2"));
        assertEquals(Set.copyOf(failed), Set.copyOf(rows("recent", "recent-")));
        failed.forEach(id -> assertEquals("failed", text("recent-state-" + id)));

        new Select(browser.find("records-state")).selectByVisibleText("succeeded");
        WebElement queue = browser.find("records-queue");
        queue.clear();
        queue.sendKeys("other");
        browser.find("records-filter").click();
        browser.waitFor(
                "the succeeded jobs of queue other",
                WAIT,
                d -> text("recent-range").equals("1-3 of 3"));
        assertEquals(Set.copyOf(sleeps), Set.copyOf(rows("recent", "recent-")));
        page.screenshot("records-04-recent-filtered", "recent");
    }

    @Test
    void aJobThatFailedForGoodIsListedWithItsErrorAndRetriedFromThePage() {
        String app = application();
        String id = brittle(app, 1);
        Await.until(WAIT, "the brittle job's record says failed", () -> "failed".equals(state(app, id)));
        Await.until(WAIT, "the failure's event", () -> api().hasEvent(id, "failed"));

        inspect(app, "default");
        browser.waitFor("the failed job is listed", WAIT, d -> browser.has("failed-" + id));
        assertEquals("1-1 of 1", text("failed-range"));
        assertTrue(
                text("failed-error-" + id).contains("brittle run 1 breaks on purpose"),
                "its error: " + text("failed-error-" + id));
        assertFalse(api().hasEvent(id, "after"), "it has not succeeded");
        page.screenshot("records-05-failed", "failed-jobs");

        browser.find("retry-failed-" + id).click();
        browser.waitFor("the retry's message", WAIT, d -> browser.text().contains("Job " + id + " is queued again."));
        Await.until(WAIT, "the retried job runs again and succeeds", () -> api().hasEvent(id, "after"));
        Await.until(WAIT, "its record says succeeded", () -> "succeeded".equals(state(app, id)));
        JsonObject record = record(app, id);
        assertEquals("\"held on run 2\"", record.get("result").toString(), record.toString());
        assertEquals(0, record.getInt("attempt"), "an operator's retry starts the attempts again");

        browser.find("records-reload").click();
        browser.waitFor(
                "the failed list is empty", WAIT, d -> text("failed-range").equals("none"));
        browser.find("show-" + id).click();
        browser.waitFor(
                "the retried job's record",
                WAIT,
                d -> browser.has("record-state") && text("record-state").equals("succeeded"));
        assertEquals(id, text("record-id"));
        page.screenshot("records-06-retried", "record");
    }

    @Test
    void aPausedQueuesJobsAreListedFromTheRecordsAndPeekedAtWhenRecordsAreOff() {
        String app = application();
        pause(app, "other");
        List<String> queued = enqueueAll(
                app,
                IntStream.range(0, 3)
                        .mapToObj(i -> "{\"type\":\"echo\",\"args\":{\"n\":" + i + "},\"queue\":\"other\"}")
                        .toList());
        Await.until(WAIT, "three records say queued", () -> total(app, "state=queued&queue=other") == 3);

        inspect(app, "other");
        assertTrue(text("queued-source").contains("from the job records"), text("queued-source"));
        assertEquals("1-3 of 3", text("queued-range"));
        assertEquals(Set.copyOf(queued), Set.copyOf(rows("queued", "queued-")));
        page.screenshot("records-07-queued-from-records", "queued");

        pause(OFF, "default");
        String held = api().enqueue(OFF, "echo", "{}");
        Await.until(
                WAIT,
                "the job waits in the queue",
                () -> api().get("api/applications/" + OFF + "/queues/default/jobs")
                        .body()
                        .contains(held));
        inspect(OFF, "default");
        assertTrue(
                text("queued-source").contains("peeked at the queue: records are off for " + OFF),
                text("queued-source"));
        assertEquals(List.of(held), rows("queued", "queued-"));
        assertFalse(browser.has("recent-range"), "no records are listed for it");
        page.screenshot("records-08-queued-peeked", "queued");

        resume(app, "other");
        resume(OFF, "default");
        Await.until(
                WAIT,
                "the queued jobs run once resumed",
                () -> queued.stream().allMatch(id -> api().hasEvent(id, "after")));
    }

    private void pause(String application, String queue) {
        Api.Reply reply = api().post("api/applications/" + application + "/queues/" + queue + "/pause", "");
        assertEquals(200, reply.status(), reply.body());
    }

    private void resume(String application, String queue) {
        Api.Reply reply = api().post("api/applications/" + application + "/queues/" + queue + "/resume", "");
        assertEquals(200, reply.status(), reply.body());
    }
}
