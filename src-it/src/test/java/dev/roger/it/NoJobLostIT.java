package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Looking never costs a job, and no broker limit drops one: run against RabbitMQ 3.10.8 and, in the
 * failsafe run {@code rabbitmq4}, against 4.0.5, where a quorum queue deletes a message returned more
 * than 20 times unless told otherwise.
 */
@ExtendWith(ArquillianExtension.class)
class NoJobLostIT {

    static final String APP = TestWar.uniqueApplication("nolost");
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Well past RabbitMQ 4's default delivery limit of 20. */
    static final int LOOKS = 30;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=3,held=2,dead=2");
        // the page lists queued jobs from the records when they are on: off, its look peeks at the queue
        config.put("roger.records.off", APP);
        return TestWar.build(config);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>();
            for (String queue : List.of("default", "held", "dead")) {
                queues.addAll(List.of(
                        QueueNames.main(APP, queue), QueueNames.retry(APP, queue, 1), QueueNames.retry(APP, queue, 2)));
            }
            rabbit.deleteQueues(queues);
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    @Test
    void jobsInAPausedQueueLookedAtManyTimesThroughTheApiAndThePageAllRunOnceResumed() {
        Api api = api();
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/pause", "").status());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.post(
                            "api/applications/" + APP + "/jobs",
                            "{\"type\":\"echo\",\"queue\":\"held\",\"args\":{\"n\":" + i + "}}")
                    .json()
                    .getString("id"));
        }
        for (int look = 1; look <= LOOKS; look++) {
            List<String> seen = api
                    .get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                    .array()
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .map(j -> j.getString("id"))
                    .toList();
            assertEquals(ids, new HashSet<>(seen), "API look " + look + " sees every job");
        }
        try (Browser browser = new Browser()) {
            logIn(browser);
            for (int look = 1; look <= LOOKS; look++) {
                List<WebElement> tables = browser.driver().findElements(By.cssSelector("[data-test=queued]"));
                WebElement before = tables.isEmpty() ? null : tables.get(0);
                // the overview re-renders itself every 3 s: a button found just before may be gone
                browser.waitFor("the inspect button takes the click", WAIT, d -> {
                    browser.find("inspect-" + QueueNames.main(APP, "held")).click();
                    return true;
                });
                if (before != null) {
                    browser.waitFor(
                            "page look " + look + " renders the list anew",
                            WAIT,
                            ExpectedConditions.stalenessOf(before));
                }
                browser.waitFor("page look " + look + " lists every job", WAIT, d -> {
                    String queued = browser.find("queued").getText();
                    return ids.stream().allMatch(queued::contains)
                            && browser.driver()
                                            .findElements(By.cssSelector("[data-test=queued] tbody tr"))
                                            .size()
                                    == ids.size();
                });
            }
            browser.screenshot("nolost-inspected");
        }
        try (Rabbit rabbit = new Rabbit()) {
            assertEquals(
                    ids.size(),
                    Rabbit.allMessages(QueueNames.main(APP, "held")),
                    "all still queued after " + 2 * LOOKS + " looks");
        }

        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/resume", "").status());
        Await.until(WAIT, "every looked-at job runs", () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));
    }

    @Test
    void theQueuesCarryTheArgumentsTheReadmePromisesForThisBroker() {
        Api api = api();
        String id = api.enqueue(APP, "flaky", "{\"key\":\"" + APP + "-args\",\"failures\":1}");
        Await.until(WAIT, "the flaky job succeeds after a retry", () -> api.hasEvent(id, "after"));
        try (Rabbit rabbit = new Rabbit()) {
            String main = Rabbit.arguments(QueueNames.main(APP, "default"));
            assertTrue(main.contains("{\"x-queue-type\",\"quorum\"}"), main);
            assertNull(
                    Rabbit.arguments(QueueNames.retry(APP, "default", 1)),
                    "no retry queue: a job waits for its retry in the database");
            if (rabbit.majorVersion() >= 4) {
                assertTrue(main.contains("{\"x-delivery-limit\",-1}"), main);
            } else {
                assertFalse(
                        main.contains("x-delivery-limit"),
                        "3.x: no limit unless one is set, and -1 would mean 'drop at once'");
            }
            assertNull(
                    Rabbit.arguments(QueueNames.buried(APP, "default")),
                    "no buried queue: buried jobs are in the database");
        }
    }

    @Test
    void buriedAndParkedJobsListedRetriedAndDeletedManyTimesLoseNone() {
        Api api = api();
        List<String> buried = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            buried.add(api.post(
                            "api/applications/" + APP + "/jobs",
                            "{\"type\":\"fail\",\"queue\":\"dead\",\"args\":{\"n\":" + i + "}}")
                    .json()
                    .getString("id"));
        }
        String buriedUrl = "api/applications/" + APP + "/queues/dead/buried?limit=100";
        Await.until(WAIT, "three buried", () -> api.get(buriedUrl).array().size() == 3);
        for (int look = 1; look <= LOOKS; look++) {
            assertEquals(
                    new HashSet<>(buried),
                    ids(api.get(buriedUrl).array().getValuesAs(JsonObject.class), "id"),
                    "look " + look + " at the buried jobs");
        }
        for (int round = 1; round <= 3; round++) {
            int buriedBefore = (int) api.events(buried.get(0)).stream()
                    .filter(e -> e.getString("kind").equals("buried"))
                    .count();
            assertEquals(
                    202,
                    api.post("api/applications/" + APP + "/queues/dead/buried/" + buried.get(0) + "/retry", "")
                            .status());
            assertEquals(
                    404,
                    api.post("api/applications/" + APP + "/queues/dead/buried/" + buried.get(0) + "/retry", "")
                            .status(),
                    "a retried job is no longer buried");
            Await.until(
                    WAIT,
                    "retry " + buried.get(0) + " is buried again",
                    () -> api.events(buried.get(0)).stream()
                                    .filter(e -> e.getString("kind").equals("buried"))
                                    .count()
                            == buriedBefore + 1);
            Await.until(
                    WAIT, "and listed again", () -> api.get(buriedUrl).array().size() == 3);
        }
        assertEquals(
                204,
                api.delete("api/applications/" + APP + "/queues/dead/buried/" + buried.get(1))
                        .status());
        assertEquals(
                new HashSet<>(List.of(buried.get(0), buried.get(2))),
                ids(api.get(buriedUrl).array().getValuesAs(JsonObject.class), "id"),
                "only the deleted one is gone");

        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(
                    QueueNames.main(APP, "dead"),
                    "{\"id\":\"p1\",\"type\":\"no-such-type\",\"args\":{}}".getBytes(StandardCharsets.UTF_8),
                    "p1");
            rabbit.publish(QueueNames.main(APP, "dead"), "plain garbage".getBytes(StandardCharsets.UTF_8), "p2");
        }
        String parkedUrl = "api/applications/" + APP + "/parked?limit=100";
        Await.until(WAIT, "two parked", () -> api.get(parkedUrl).array().size() == 2);
        for (int look = 1; look <= LOOKS; look++) {
            assertEquals(
                    Set.of("p1", "p2"),
                    ids(api.get(parkedUrl).array().getValuesAs(JsonObject.class), "messageId"),
                    "look " + look + " at the parked messages");
        }
        for (int round = 1; round <= 3; round++) {
            JsonObject garbage = api.get(parkedUrl).array().getValuesAs(JsonObject.class).stream()
                    .filter(p -> p.getString("messageId").equals("p2"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("plain garbage", garbage.getString("body"));
            assertEquals(
                    202,
                    api.post("api/applications/" + APP + "/parked/" + garbage.getString("parkedId") + "/retry", "")
                            .status());
            Await.until(
                    WAIT,
                    "the retried message is parked again under a new id",
                    () -> api.get(parkedUrl).array().getValuesAs(JsonObject.class).stream()
                            .anyMatch(p -> p.getString("messageId").equals("p2")
                                    && !p.getString("parkedId").equals(garbage.getString("parkedId"))));
        }
        String unknownType = api.get(parkedUrl).array().getValuesAs(JsonObject.class).stream()
                .filter(p -> p.getString("messageId").equals("p1"))
                .findFirst()
                .orElseThrow()
                .getString("parkedId");
        assertEquals(
                204,
                api.delete("api/applications/" + APP + "/parked/" + unknownType).status());
        assertEquals(
                404,
                api.delete("api/applications/" + APP + "/parked/" + unknownType).status());
        assertEquals(Set.of("p2"), ids(api.get(parkedUrl).array().getValuesAs(JsonObject.class), "messageId"));
    }

    private static Set<String> ids(List<JsonObject> items, String field) {
        Set<String> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.getString(field)));
        return ids;
    }

    private void logIn(Browser browser) {
        browser.open(base.toString());
        browser.waitFor("the login page", WAIT, d -> d.getCurrentUrl().contains("login.xhtml"));
        browser.driver().findElement(By.id("username")).sendKeys(Api.USER);
        browser.driver().findElement(By.id("password")).sendKeys(Api.PASSWORD);
        browser.driver().findElement(By.id("login")).click();
        browser.waitFor("the queue row", WAIT, d -> browser.has("inspect-" + QueueNames.main(APP, "held")));
    }
}
