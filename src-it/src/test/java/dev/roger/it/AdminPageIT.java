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
import java.net.URL;
import java.time.Duration;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The admin page in real headless Chromium: an operator logs in and runs Roger from it. Each test logs
 * in as it needs and starts an application of its own, so any test may run alone or in any order.
 */
@ExtendWith(ArquillianExtension.class)
class AdminPageIT {

    static final String APP = TestWar.uniqueApplication("page");
    static final Duration WAIT = AdminPage.WAIT;
    static AdminPage page;
    static Browser browser;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestWar.build(TestWar.baseConfig(APP + ":default=3,held=1"));
    }

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("page", "default", "held");
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

    /** A fresh application with the queues default (3) and held (1), started through the API. */
    private String application() {
        return page.startApplication(api(), "{\"default\":3,\"held\":1}");
    }

    /** Opens the page, logging in if the session does not, and waits until it shows the application. */
    private void openPageShowing(String application) {
        page.openShowing(base.toString(), application);
    }

    @Test
    void anOperatorLogsInAndSeesTheQueues() {
        browser.open(base.toString());
        browser.driver().manage().deleteAllCookies();
        browser.open(base.toString());
        browser.waitFor("the login page", WAIT, d -> d.getCurrentUrl().contains("login.xhtml"));
        browser.screenshot("01-login");
        browser.driver().findElement(By.id("username")).sendKeys(Api.USER);
        browser.driver().findElement(By.id("password")).sendKeys("wrong");
        browser.driver().findElement(By.id("login")).click();
        browser.waitFor("the refusal", WAIT, d -> browser.text().contains("Unknown user or wrong password"));

        browser.driver().findElement(By.id("username")).sendKeys(Api.USER);
        browser.driver().findElement(By.id("password")).sendKeys(Api.PASSWORD);
        browser.driver().findElement(By.id("login")).click();
        browser.waitFor("the queue row", WAIT, d -> browser.has("queue-" + QueueNames.main(APP, "default")));
        assertTrue(
                browser.find("queue-" + QueueNames.main(APP, "held")).getText().contains("running"));
        org.openqa.selenium.Cookie session = browser.driver().manage().getCookieNamed("JSESSIONID");
        assertTrue(session.isHttpOnly(), session.toString());
        assertEquals("Strict", session.getSameSite(), session.toString());
        browser.screenshot("02-overview");
    }

    @Test
    void aQueueIsPausedAndResumedFromThePage() {
        String app = application();
        openPageShowing(app);
        browser.find("pause-" + QueueNames.main(app, "held")).click();
        browser.waitFor(
                "the queue shows paused",
                WAIT,
                d -> browser.find("queue-" + QueueNames.main(app, "held"))
                        .getText()
                        .contains("paused"));
        Await.until(
                WAIT,
                "the API says paused",
                () -> api().get("api/applications").array().getValuesAs(jakarta.json.JsonObject.class).stream()
                        .filter(a -> a.getString("name").equals(app))
                        .flatMap(a -> a.getJsonArray("queues").getValuesAs(jakarta.json.JsonObject.class).stream())
                        .anyMatch(q -> q.getString("name").equals("held") && q.getBoolean("paused")));
        browser.screenshot("03-paused");

        browser.find("resume-" + QueueNames.main(app, "held")).click();
        browser.waitFor(
                "the queue runs again",
                WAIT,
                d -> browser.find("queue-" + QueueNames.main(app, "held"))
                        .getText()
                        .contains("running"));
        browser.screenshot("04-resumed");
    }

    @Test
    void aRunningJobIsCancelledFromThePage() {
        String app = application();
        openPageShowing(app);
        String id = api().enqueue(app, "sleep", "{\"millis\":60000}");
        browser.waitFor("the running job appears by itself", WAIT, d -> browser.has("cancel-" + id));
        browser.screenshot("05-running");
        browser.find("cancel-" + id).click();
        Await.until(WAIT, "the job is cancelled", () -> api().hasEvent(id, "cancelled"));
        browser.waitFor("the job leaves the running list", WAIT, d -> !browser.has("cancel-" + id));
        browser.screenshot("06-cancelled");
    }

    @Test
    void aBuriedJobIsRetriedFromThePage() {
        String app = application();
        openPageShowing(app);
        String id = api().enqueue(app, "fail", "{\"from\":\"page\"}");
        Await.until(WAIT, "the job is buried", () -> api().hasEvent(id, "buried"));
        browser.find("inspect-" + QueueNames.main(app, "default")).click();
        browser.waitFor("the buried job is listed", WAIT, d -> browser.has("retry-" + id));
        assertTrue(browser.find("buried-" + id).getText().contains("fails on purpose"));
        browser.screenshot("07-buried");
        browser.find("retry-" + id).click();
        Await.until(
                WAIT,
                "the retried job runs again from retry count 0",
                () -> api().events(id).stream()
                                .filter(e -> e.getString("kind").equals("before") && e.getInt("retryCount") == 0)
                                .count()
                        == 2);
        browser.screenshot("08-retried");
    }

    @Test
    void aJobIsEnqueuedFromTheFormAfterABadJsonIsRefused() {
        String app = application();
        openPageShowing(app);
        new Select(browser.find("enqueue-application")).selectByVisibleText(app);
        new Select(browser.find("enqueue-type")).selectByVisibleText("echo");
        WebElement args = browser.find("enqueue-args");
        args.clear();
        args.sendKeys("{\"greeting\": ");
        browser.find("enqueue").click();
        browser.waitFor("the JSON error", WAIT, d -> browser.text().contains("Args: not valid JSON"));
        browser.screenshot("09-bad-json");

        args = browser.find("enqueue-args");
        args.clear();
        args.sendKeys("{\"greeting\": \"hello from the page\"}");
        browser.find("enqueue").click();
        browser.waitFor("the confirmation", WAIT, d -> browser.text().contains("Enqueued job "));
        Matcher id = Pattern.compile("Enqueued job ([0-9a-f-]{36})").matcher(browser.text());
        assertTrue(id.find(), browser.text());
        Await.until(WAIT, "the job from the form runs", () -> api().hasEvent(id.group(1), "after"));
        browser.screenshot("10-enqueued");
    }

    @Test
    void aPurgeAsksFirstWithTheQueueNameAsDataNeverAsScript() {
        String app = application();
        openPageShowing(app);
        for (WebElement element : browser.driver().findElements(By.cssSelector("[onclick]"))) {
            assertFalse(element.getAttribute("onclick").contains(app), element.getAttribute("onclick"));
        }
        api().post("api/applications/" + app + "/queues/held/pause", "");
        browser.waitFor(
                "the queue shows paused",
                WAIT,
                d -> browser.find("queue-" + QueueNames.main(app, "held"))
                        .getText()
                        .contains("paused"));
        Api.Reply held = api().post("api/applications/" + app + "/jobs", "{\"type\":\"echo\",\"queue\":\"held\"}");
        assertEquals(201, held.status(), held.body());

        browser.find("purge-" + QueueNames.main(app, "held")).click();
        org.openqa.selenium.Alert question = browser.driver().switchTo().alert();
        assertEquals("Delete every queued job of " + QueueNames.main(app, "held") + "?", question.getText());
        question.dismiss();
        // Faces sends a page's requests one after another: once this inspect is shown, a purge sent before it would
        // have run
        browser.find("inspect-" + QueueNames.main(app, "held")).click();
        browser.waitFor(
                "the held queue inspected",
                WAIT,
                d -> browser.text().contains("Inspect " + QueueNames.main(app, "held")));
        assertEquals(
                1,
                api().get("api/applications/" + app + "/queues/held/jobs")
                        .array()
                        .size(),
                "declined: nothing purged");
        browser.find("purge-" + QueueNames.main(app, "held")).click();
        browser.driver().switchTo().alert().accept();
        browser.waitFor(
                "the purge's message",
                WAIT,
                d -> browser.text()
                        .contains("Purging the 1 job(s) queued in " + QueueNames.main(app, "held")
                                + ": the queue table shows its progress."));
        browser.waitFor(
                "the queue table shows the purge done",
                WAIT,
                d -> browser.find("purge-state-" + QueueNames.main(app, "held"))
                        .getText()
                        .equals("purged 1"));
        browser.screenshot("11-purged");
        api().post("api/applications/" + app + "/queues/held/resume", "");
    }
}
