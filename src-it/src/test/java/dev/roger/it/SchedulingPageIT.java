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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin page's Scheduled and Retries lists and the enqueue form's time, in headless Chromium.
 * Retries wait an hour, so a failed job stays among them until a test acts. Each test starts an
 * application of its own, so any test may run alone or in any order.
 */
@ExtendWith(ArquillianExtension.class)
class SchedulingPageIT {

    static final String APP = TestWar.uniqueApplication("spage");
    static final Duration WAIT = AdminPage.WAIT;
    static AdminPage page;
    static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=3");
        // two levels of an hour or more: a failed job waits among the retries until the test acts
        config.put("roger.retry.delays", "3600,7200");
        return TestWar.build(config);
    }

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("spage", "default");
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

    /** A fresh application with the queue default (3), started through the API. */
    private String application() {
        return page.startApplication(api(), "{\"default\":3}");
    }

    /** Schedules an echo job an hour ahead through the API and returns its id. */
    private String scheduleAnHourAhead(String application, String marker) {
        Api.Reply reply = api().post(
                        "api/applications/" + application + "/jobs",
                        "{\"type\":\"echo\",\"args\":{\"marker\":\"" + marker + "\"},\"delay\":3600}");
        assertEquals(201, reply.status(), reply.body());
        return reply.json().getString("id");
    }

    private List<String> listed(String application, String list) {
        Api.Reply reply = api().get("api/applications/" + application + "/" + list + "?limit=500");
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("id"))
                .toList();
    }

    private List<JsonObject> events(String id, String kind) {
        return api().events(id).stream()
                .filter(e -> e.getString("kind").equals(kind))
                .toList();
    }

    /** Opens the page, logging in if the session does not, and waits until it shows the application. */
    private void openPageShowing(String application) {
        page.openShowing(base.toString(), application);
    }

    /** Inspects the application's default queue, which shows the application's Scheduled and Retries lists. */
    private void inspect(String application) {
        browser.find("inspect-" + QueueNames.main(application, "default")).click();
        browser.waitFor(
                "the lists of " + application,
                WAIT,
                d -> browser.text().contains("Scheduled (jobs of " + application + " ")
                        && browser.text().contains("Retries (failed jobs of " + application + " "));
    }

    private void screenshot(String name, String dataTest) {
        page.screenshot(name, dataTest);
    }

    private void accept(String question) {
        page.accept(question);
    }

    @Test
    void scheduledJobsAreMovedRunNowAndDeletedFromThePage() {
        String app = application();
        String moved = scheduleAnHourAhead(app, "moved");
        String runNow = scheduleAnHourAhead(app, "run-now");
        String deleted = scheduleAnHourAhead(app, "deleted");
        openPageShowing(app);
        inspect(app);
        browser.waitFor(
                "the three scheduled jobs",
                WAIT,
                d -> browser.has("scheduled-" + moved)
                        && browser.has("scheduled-" + runNow)
                        && browser.has("scheduled-" + deleted));
        assertEquals("1-3 of 3", browser.find("scheduled-range").getText());
        String row = browser.find("scheduled-" + runNow).getText();
        assertTrue(row.contains("echo") && row.contains("\"marker\":\"run-now\""), row);
        Instant due = Instant.parse(browser.find("due-" + runNow).getText());
        assertTrue(due.isAfter(Instant.now().plus(Duration.ofMinutes(55))), "due in an hour: " + due);
        screenshot("scheduling-01-listed", "scheduled");

        Instant movedTo = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        WebElement field = browser.find("move-to-" + moved);
        field.clear();
        field.sendKeys(movedTo.toString());
        browser.find("move-" + moved).click();
        browser.waitFor(
                "the move's message", WAIT, d -> browser.text().contains("Job " + moved + " is due at " + movedTo));
        assertEquals(movedTo.toString(), browser.find("due-" + moved).getText());

        browser.find("run-now-" + runNow).click();
        browser.waitFor("the run now's message", WAIT, d -> browser.text().contains("Job " + runNow + " is due now."));
        Await.until(WAIT, "the job run now ran", () -> api().hasEvent(runNow, "after"));

        browser.find("delete-scheduled-" + deleted).click();
        accept("Delete this scheduled job? It will not run.");
        browser.waitFor(
                "the delete's message", WAIT, d -> browser.text().contains("Scheduled job " + deleted + " deleted."));
        assertFalse(browser.has("scheduled-" + deleted), "the list read after the delete lacks it");
        Await.until(WAIT, "the deleted job is cancelled", () -> api().hasEvent(deleted, "cancelled"));
        assertFalse(listed(app, "scheduled").contains(deleted), "GET .../scheduled no longer lists it");

        Await.until(WAIT, "the moved job ran", () -> api().hasEvent(moved, "after"));
        Instant started = Instant.parse(events(moved, "before").get(0).getString("startedAt"));
        assertFalse(started.isBefore(movedTo), "the moved job started at " + started + ", before " + movedTo);
        assertEquals(1, events(moved, "before").size(), "the moved job ran once");
        assertEquals(1, events(runNow, "before").size(), "the job run now ran once");
        assertEquals(1, events(deleted, "cancelled").size(), "JobCancelled fires once for the deleted job");
        assertTrue(events(deleted, "before").isEmpty(), "the deleted job never ran");

        browser.find("schedule-reload").click();
        browser.waitFor(
                "the list is empty",
                WAIT,
                d -> browser.find("scheduled-range").getText().equals("none"));
        assertTrue(listed(app, "scheduled").isEmpty());
        screenshot("scheduling-02-done", "scheduled");
    }

    @Test
    void aFailingJobShowsInRetriesWithItsErrorAndIsRetriedOrGivenUpFromThePage() {
        String app = application();
        openPageShowing(app);
        String retriedNow = flaky(app);
        String retriedWithAll = flaky(app);
        String givenUp = flaky(app);
        List<String> failed = List.of(retriedNow, retriedWithAll, givenUp);
        Await.until(
                WAIT,
                "the three failed jobs wait among the retries",
                () -> listed(app, "retries").containsAll(failed));

        inspect(app);
        browser.waitFor(
                "the retries are listed", WAIT, d -> failed.stream().allMatch(id -> browser.has("retries-" + id)));
        String row = browser.find("retries-" + retriedNow).getText();
        assertTrue(row.contains("flaky"), row);
        assertTrue(row.contains("attempt 1 fails on purpose"), "the last error is shown: " + row);
        assertEquals("1-3 of 3", browser.find("retries-range").getText());
        screenshot("scheduling-03-retries", "retries");

        browser.find("retry-now-" + retriedNow).click();
        Await.until(WAIT, "retry now runs the job", () -> api().hasEvent(retriedNow, "after"));
        assertEquals(
                "succeeded on attempt 2",
                events(retriedNow, "after").get(0).getString("result"),
                "it ran again and succeeded");

        browser.find("delete-retry-" + givenUp).click();
        accept("Give this job up? It will not run again.");
        browser.waitFor("the job given up leaves the list", WAIT, d -> !browser.has("retries-" + givenUp));
        Await.until(WAIT, "the job given up is cancelled", () -> api().hasEvent(givenUp, "cancelled"));

        browser.find("retry-all-now").click();
        Await.until(WAIT, "retry all runs the other", () -> api().hasEvent(retriedWithAll, "after"));
        browser.find("schedule-reload").click();
        browser.waitFor(
                "the retries list is empty",
                WAIT,
                d -> browser.find("retries-range").getText().equals("none"));
        assertEquals(1, events(givenUp, "cancelled").size(), "JobCancelled fires once for the job given up");
        assertFalse(api().hasEvent(givenUp, "after"), "the job given up never ran again");
        assertTrue(listed(app, "retries").isEmpty());
        screenshot("scheduling-04-retried", "retries");
    }

    /** Enqueues a flaky job that fails its first attempt (the probe counts attempts by a key of its own). */
    private String flaky(String application) {
        return api().enqueue(application, "flaky", "{\"key\":\"" + UUID.randomUUID() + "\",\"failures\":1}");
    }

    @Test
    void theEnqueueFormSchedulesWithADelayAndRefusesAMalformedTime() {
        String app = application();
        openPageShowing(app);
        new Select(browser.find("enqueue-application")).selectByVisibleText(app);
        new Select(browser.find("enqueue-type")).selectByVisibleText("echo");
        WebElement at = browser.find("enqueue-at");
        at.clear();
        at.sendKeys("tomorrow at noon");
        browser.find("enqueue").click();
        browser.waitFor(
                "the refusal naming at",
                WAIT,
                d -> browser.text()
                        .contains("At: 'at' must be an ISO-8601 instant such as 2026-12-01T03:00:00Z,"
                                + " not 'tomorrow at noon'"));
        assertFalse(browser.text().contains("Enqueued job"), "nothing was enqueued");
        assertTrue(listed(app, "scheduled").isEmpty());
        screenshot("scheduling-05-bad-at", "enqueue-at");

        browser.find("enqueue-at").clear();
        WebElement delay = browser.find("enqueue-delay");
        delay.clear();
        delay.sendKeys("PT1H");
        browser.find("enqueue").click();
        browser.waitFor("the confirmation", WAIT, d -> browser.text().contains("Enqueued job "));
        Matcher confirmed = Pattern.compile("Enqueued job ([0-9a-f-]{36}), due at (\\S+)\\.")
                .matcher(browser.text());
        assertTrue(confirmed.find(), browser.text());
        String id = confirmed.group(1);
        assertTrue(Instant.parse(confirmed.group(2)).isAfter(Instant.now().plus(Duration.ofMinutes(55))));

        inspect(app);
        browser.waitFor("the job is scheduled", WAIT, d -> browser.has("scheduled-" + id));
        Instant due = Instant.parse(browser.find("due-" + id).getText());
        assertTrue(
                due.isAfter(Instant.now().plus(Duration.ofMinutes(55)))
                        && due.isBefore(Instant.now().plus(Duration.ofMinutes(65))),
                "due in an hour: " + due);
        assertEquals(List.of(id), listed(app, "scheduled"));
        assertFalse(api().hasEvent(id, "before"), "it has not run");
        screenshot("scheduling-06-scheduled-from-form", "scheduled");
    }

    @Test
    void theScheduledListIsPagedByTwenty() {
        String app = application();
        String jobs = IntStream.range(0, 25)
                .mapToObj(i -> "{\"type\":\"echo\",\"args\":{\"n\":" + i + "},\"delay\":" + (3600 + i) + "}")
                .collect(Collectors.joining(",", "[", "]"));
        Api.Reply reply = api().post("api/applications/" + app + "/jobs", jobs);
        assertEquals(200, reply.status(), reply.body());
        openPageShowing(app);
        inspect(app);
        browser.waitFor(
                "the first page",
                WAIT,
                d -> browser.find("scheduled-range").getText().equals("1-20 of 25"));
        assertEquals(
                20,
                browser.driver()
                        .findElements(org.openqa.selenium.By.cssSelector("[data-test^='run-now-']"))
                        .size());
        assertTrue(browser.find("scheduled-previous").getAttribute("disabled") != null);

        browser.find("scheduled-next").click();
        browser.waitFor(
                "the second page",
                WAIT,
                d -> browser.find("scheduled-range").getText().equals("21-25 of 25"));
        assertEquals(
                5,
                browser.driver()
                        .findElements(org.openqa.selenium.By.cssSelector("[data-test^='run-now-']"))
                        .size());
        assertTrue(browser.find("scheduled-next").getAttribute("disabled") != null);
        screenshot("scheduling-07-second-page", "scheduled");

        browser.find("scheduled-previous").click();
        browser.waitFor(
                "the first page again",
                WAIT,
                d -> browser.find("scheduled-range").getText().equals("1-20 of 25"));
    }
}
