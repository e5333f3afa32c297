package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin page's Recurring list, in headless Chromium: recurring jobs made through the REST API are
 * listed with their next and last fire, and paused, resumed, run now and deleted from the page; one from
 * the configuration is not offered for deletion. All but one fire once a year (1 January, 00:00 UTC), so
 * they do not fire by themselves while a test runs. Each test but the configured one's starts an
 * application of its own, so any test may run alone or in any order.
 */
@ExtendWith(ArquillianExtension.class)
class RecurringPageIT {

    static final String APP = TestWar.uniqueApplication("rpage");
    static final Duration WAIT = AdminPage.WAIT;
    static final String YEARLY = "0 0 1 1 *";
    static AdminPage page;
    static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=3");
        config.put("roger.recurring", APP + "/configured");
        config.put("roger.recurring." + APP + ".configured.type", "echo");
        config.put("roger.recurring." + APP + ".configured.cron", YEARLY);
        return TestWar.build(config);
    }

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("rpage", "default");
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

    /** Creates a recurring echo job through the REST API. */
    private void recurring(String application, String name, String cron) {
        Api.Reply reply = api().put(
                        "api/applications/" + application + "/recurring/" + name,
                        "{\"type\":\"echo\",\"args\":{},\"cron\":\"" + cron + "\",\"zone\":\"UTC\"}");
        assertEquals(201, reply.status(), reply.body());
    }

    /** The recurring job as the REST API shows it. */
    private JsonObject read(String application, String name) {
        Api.Reply reply = api().get("api/applications/" + application + "/recurring/" + name);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** The names the REST API lists for the application. */
    private List<String> listed(String application) {
        Api.Reply reply = api().get("api/applications/" + application + "/recurring");
        assertEquals(200, reply.status(), reply.body());
        return reply.array().getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("name"))
                .toList();
    }

    private static String text(JsonObject json, String key) {
        return json.isNull(key) ? null : json.getString(key);
    }

    /** Opens the page and inspects the application's default queue, which shows its recurring jobs. */
    private void inspect(String application) {
        page.openShowing(base.toString(), application);
        browser.find("inspect-" + QueueNames.main(application, "default")).click();
        browser.waitFor(
                "the recurring jobs of " + application,
                WAIT,
                d -> browser.text().contains("Recurring (jobs of " + application + " "));
    }

    /** The cell's text; read again when the page re-rendered the list between finding and reading it. */
    private String cell(String what, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                return browser.find("recurring-" + what + "-" + name).getText().trim();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** 1 January 00:00 UTC next. */
    private static Instant nextNewYear() {
        return LocalDate.now(ZoneOffset.UTC)
                .plusYears(1)
                .withDayOfYear(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    @Test
    void aRecurringJobIsListedWithItsNextFireAndIsPausedAndResumedFromThePage() {
        String app = page.startApplication(api(), "{\"default\":3}");
        recurring(app, "yearly", YEARLY);
        inspect(app);
        browser.waitFor("the recurring job is listed", WAIT, d -> browser.has("recurring-yearly"));
        String row = browser.find("recurring-yearly").getText();
        assertTrue(row.contains("echo") && row.contains(YEARLY + " (UTC)"), row);
        assertEquals("API", cell("origin", "yearly"), "made through the API, not the configuration");
        assertEquals(nextNewYear(), Instant.parse(cell("next", "yearly")));
        assertEquals("never", cell("last-fire", "yearly"));
        assertTrue(browser.has("delete-recurring-yearly"), "a recurring job made through the API may be deleted");
        page.screenshot("recurring-01-listed", "recurring");

        browser.find("pause-recurring-yearly").click();
        browser.waitFor("the pause's message", WAIT, d -> browser.text().contains("Recurring job yearly paused."));
        assertEquals("paused", cell("next", "yearly"));
        assertFalse(browser.has("pause-recurring-yearly"), "a paused job offers resume, not pause");
        JsonObject paused = read(app, "yearly");
        assertTrue(paused.getBoolean("paused"), paused.toString());
        page.screenshot("recurring-02-paused", "recurring");

        browser.find("resume-recurring-yearly").click();
        browser.waitFor("the resume's message", WAIT, d -> browser.text().contains("Recurring job yearly resumed."));
        assertEquals(nextNewYear(), Instant.parse(cell("next", "yearly")));
        assertTrue(browser.has("pause-recurring-yearly"), "a resumed job offers pause again");
        JsonObject resumed = read(app, "yearly");
        assertFalse(resumed.getBoolean("paused"), resumed.toString());
        assertEquals(nextNewYear(), Instant.parse(resumed.getString("nextFire")));
    }

    @Test
    void runNowEnqueuesTheJobAndTheListShowsItsIdAndOutcome() {
        String app = page.startApplication(api(), "{\"default\":3}");
        recurring(app, "nightly", YEARLY);
        inspect(app);
        browser.waitFor("the recurring job is listed", WAIT, d -> browser.has("run-recurring-nightly"));

        browser.find("run-recurring-nightly").click();
        browser.waitFor(
                "the run now's message", WAIT, d -> browser.text().contains("Recurring job nightly enqueued job "));
        Matcher enqueued =
                Pattern.compile("Recurring job nightly enqueued job (\\S+)\\.").matcher(browser.text());
        assertTrue(enqueued.find(), browser.text());
        String id = enqueued.group(1);
        Await.until(WAIT, "the job run now ran", () -> api().hasEvent(id, "after"));

        browser.find("recurring-reload").click();
        browser.waitFor(
                "the last job id after a reload",
                WAIT,
                d -> cell("job", "nightly").equals(id));
        assertFalse(cell("outcome", "nightly").isEmpty(), "the last outcome is shown");
        assertNotNull(Instant.parse(cell("last-fire", "nightly")));
        assertEquals(nextNewYear(), Instant.parse(cell("next", "nightly")), "run now leaves the schedule as it was");
        JsonObject after = read(app, "nightly");
        assertEquals(id, text(after, "lastJobId"), after.toString());
        assertEquals(cell("outcome", "nightly"), text(after, "lastOutcome"));
        page.screenshot("recurring-03-run-now", "recurring");
    }

    @Test
    void aJobEveryTwoSecondsFiresByItselfAndTheListShowsItsLastFire() {
        String app = page.startApplication(api(), "{\"default\":3}");
        recurring(app, "often", "*/2 * * * * *");
        Await.until(WAIT, "the recurring job fired by itself", () -> text(read(app, "often"), "lastJobId") != null);
        inspect(app);
        browser.waitFor(
                "its last fire",
                WAIT,
                d -> browser.has("recurring-often") && !cell("job", "often").isEmpty());
        Instant lastFire = Instant.parse(cell("last-fire", "often"));
        assertEquals(0, lastFire.getEpochSecond() % 2, "a time of */2 seconds: " + lastFire);
        assertEquals(0, lastFire.getNano(), "a time of */2 seconds: " + lastFire);
        Instant nextFire = Instant.parse(cell("next", "often"));
        assertTrue(nextFire.isAfter(lastFire), lastFire + " then " + nextFire);
        assertFalse(cell("outcome", "often").isEmpty(), "the last outcome is shown");
        String jobId = cell("job", "often");
        Await.until(WAIT, "the job it enqueued ran", () -> api().hasEvent(jobId, "after"));
        page.screenshot("recurring-04-fired", "recurring");

        Api.Reply deleted = api().delete("api/applications/" + app + "/recurring/often");
        assertEquals(204, deleted.status(), deleted.body());
    }

    @Test
    void aRecurringJobFromTheConfigurationIsMarkedSoAndNotOfferedForDeletion() {
        inspect(APP);
        browser.waitFor("the configured recurring job is listed", WAIT, d -> browser.has("recurring-configured"));
        assertEquals("configuration", cell("origin", "configured"));
        assertFalse(browser.has("delete-recurring-configured"), "the configuration owns it");
        assertTrue(browser.find("recurring-configured").getText().contains("change it in the configuration"));
        assertTrue(browser.has("pause-recurring-configured"), "it may be paused");
        assertTrue(browser.has("run-recurring-configured"), "it may be run now");
        page.screenshot("recurring-06-configured", "recurring");
        Api.Reply refused = api().delete("api/applications/" + APP + "/recurring/configured");
        assertEquals(409, refused.status(), refused.body());
        assertTrue(listed(APP).contains("configured"));
    }

    @Test
    void aRecurringJobIsDeletedFromThePageAfterTheQuestion() {
        String app = page.startApplication(api(), "{\"default\":3}");
        recurring(app, "kept", YEARLY);
        recurring(app, "doomed", YEARLY);
        inspect(app);
        browser.waitFor(
                "both recurring jobs are listed",
                WAIT,
                d -> browser.has("recurring-kept") && browser.has("recurring-doomed"));
        assertEquals("2 recurring job(s)", browser.find("recurring-count").getText());

        browser.find("delete-recurring-doomed").click();
        page.accept("Delete the recurring job doomed? It will not fire again.");
        browser.waitFor("the delete's message", WAIT, d -> browser.text().contains("Recurring job doomed deleted."));
        assertFalse(browser.has("recurring-doomed"), "the list read after the delete lacks it");
        assertTrue(browser.has("recurring-kept"), "the other one stays");
        assertEquals("1 recurring job(s)", browser.find("recurring-count").getText());
        Api.Reply gone = api().get("api/applications/" + app + "/recurring/doomed");
        assertEquals(404, gone.status(), gone.body());
        assertEquals(List.of("kept"), listed(app));
        page.screenshot("recurring-05-deleted", "recurring");
    }
}
