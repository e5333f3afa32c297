package dev.roger.it.support;

import dev.roger.amqp.QueueNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The admin page of one deployment in headless Chromium, for a test class of the page: one browser for
 * all its tests, logged in as the test admin whenever the page asks, and the applications the tests
 * started, whose queues go when it closes.
 */
public final class AdminPage implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final Browser browser = new Browser();
    private final String prefix;
    private final List<String> queues;
    private final List<String> applications = new ArrayList<>();

    /**
     * @param prefix the start of the names of the applications it starts
     * @param queues the queues each application has, whose RabbitMQ queues go at the end
     */
    public AdminPage(String prefix, String... queues) {
        this.prefix = prefix;
        this.queues = List.of(queues);
    }

    public Browser browser() {
        return browser;
    }

    /** An application started otherwise (in the deployment's configuration, say), whose queues go too. */
    public void adopt(String application) {
        applications.add(application);
    }

    /** A fresh application with the queues and concurrencies given, e.g. {@code {"default":3}}, started through the API. */
    public String startApplication(Api api, String queuesJson) {
        String application = TestWar.uniqueApplication(prefix);
        Api.Reply started = api.put("api/applications/" + application, "{\"queues\":" + queuesJson + "}");
        if (started.status() != 201) {
            throw new AssertionError(
                    "starting " + application + " answered " + started.status() + ": " + started.body());
        }
        applications.add(application);
        return application;
    }

    /** Opens the page, logging in if the session does not, and waits until it shows the application's default queue. */
    public void openShowing(String base, String application) {
        String row = "queue-" + QueueNames.main(application, "default");
        browser.open(base);
        browser.waitFor(
                "the login page or the overview",
                WAIT,
                d -> d.getCurrentUrl().contains("login.xhtml") || browser.has(row));
        if (browser.driver().getCurrentUrl().contains("login.xhtml")) {
            browser.driver().findElement(By.id("username")).sendKeys(Api.USER);
            browser.driver().findElement(By.id("password")).sendKeys(Api.PASSWORD);
            browser.driver().findElement(By.id("login")).click();
        }
        browser.waitFor("the queue row", WAIT, d -> browser.has(row));
    }

    /** A screenshot with the element of that data-test in view (the lists are below the fold). */
    public void screenshot(String name, String dataTest) {
        ((JavascriptExecutor) browser.driver())
                .executeScript(
                        "arguments[0].scrollIntoView({block: 'center'})",
                        browser.driver()
                                .findElement(org.openqa.selenium.By.cssSelector("[data-test='" + dataTest + "']")));
        browser.screenshot(name);
    }

    /** Accepts the page's question, which must be this one. */
    public void accept(String question) {
        Alert alert = browser.driver().switchTo().alert();
        String asked = alert.getText();
        if (!question.equals(asked)) {
            alert.dismiss();
            throw new AssertionError("expected the question <" + question + "> but the page asked <" + asked + ">");
        }
        alert.accept();
    }

    /** Closes the browser and deletes the applications' queues. */
    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            deleteQueues();
        }
    }

    private void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            List<String> names = new ArrayList<>();
            for (String application : applications) {
                names.add(QueueNames.parked(application));
                for (String queue : queues) {
                    names.addAll(List.of(
                            QueueNames.main(application, queue),
                            QueueNames.buried(application, queue),
                            QueueNames.retry(application, queue, 1),
                            QueueNames.retry(application, queue, 2)));
                }
            }
            rabbit.deleteQueues(names);
        }
    }
}
