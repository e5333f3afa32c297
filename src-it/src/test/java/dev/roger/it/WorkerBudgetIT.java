package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.AdminPage;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

/**
 * One Payara Micro whose worker budget (4 jobs at once) is smaller than its two applications'
 * concurrency (10 each), the first weighted 3: the budget is never exceeded, and when both have work
 * it is shared three to one.
 */
@ExtendWith(ArquillianExtension.class)
class WorkerBudgetIT {

    static final String GOLD = TestWar.uniqueApplication("gold");
    static final String BASIC = TestWar.uniqueApplication("basic");
    static final int BUDGET = 4;
    static final Duration WAIT = Duration.ofSeconds(120);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(GOLD + ":slow=10;" + BASIC + ":slow=10,default=1");
        config.put("roger.workers.max", Integer.toString(BUDGET));
        config.put("roger.weights", GOLD + "=3");
        // a redelivery that counted would park the job at once
        config.put("roger.max-deliveries", "1");
        return TestWar.build(config);
    }

    static AdminPage page;

    @BeforeAll
    static void startBrowser() {
        page = new AdminPage("budget", "default");
    }

    @AfterAll
    static void deleteQueues() {
        if (page != null) {
            page.close();
        }
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>();
            for (String app : List.of(GOLD, BASIC)) {
                queues.addAll(
                        List.of(QueueNames.parked(app), QueueNames.main(app, "slow"), QueueNames.buried(app, "slow")));
            }
            rabbit.deleteQueues(queues);
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    @Test
    void theInstanceNeverRunsMoreJobsAtOnceThanItsBudgetAndWeightsShareIt() throws InterruptedException {
        Api api = api();
        // in bulk, so both applications have all their work waiting while the shares are sampled
        List<String> ids = new ArrayList<>();
        for (String app : List.of(GOLD, BASIC)) {
            ids.addAll(api.enqueueAll(app, "gauge", "{\"gauge\":\"budget\",\"millis\":250}", 40));
        }
        Map<String, Integer> samples = sampleRunning(api);
        Await.until(WAIT, "all 80 jobs finish", () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));

        JsonObject gauge = api.get("api/probe/gauges/budget").json();
        assertEquals(BUDGET, gauge.getInt("max"), "the most jobs running at once across both applications");
        // the threads stay within the budget too (a pool that grew on demand ran these on 8)
        java.util.Set<String> threads = new java.util.TreeSet<>();
        for (String id : ids) {
            api.events(id).stream()
                    .filter(e -> e.getString("kind").equals("before"))
                    .forEach(e -> threads.add(e.getString("thread")));
        }
        assertTrue(threads.size() <= BUDGET, "80 jobs ran on " + threads.size() + " threads: " + threads);
        String mostSeen = samples.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        assertEquals("3:1", mostSeen, "gold (weight 3) runs three jobs to basic's one; samples " + samples);
        assertTrue(samples.keySet().stream().allMatch(s -> sum(s) <= BUDGET), "no sample above the budget: " + samples);
    }

    @Test
    void thePageShowsTheBudgetFullAndTheApplicationWaitingForAPlace() {
        page.openShowing(base.toString(), BASIC);
        Api api = api();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(api.enqueue(BASIC, "gauge", "{\"gauge\":\"page\",\"millis\":3000}"));
        }
        Browser browser = page.browser();
        browser.waitFor(
                "the page shows the budget full and " + BASIC + " waiting for a place",
                AdminPage.WAIT,
                d -> browser.has("budget")
                        && browser.find("budget").getText().contains("4 of 4 jobs at once")
                        && browser.find("budget").getText().contains(BASIC + " ("));
        page.screenshot("worker-budget", "budget");
        Await.until(WAIT, "all 12 jobs finish", () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));
    }

    @Test
    void anOperatorChangesTheBudgetAndAWeightAtRunTimeAndTheSharesFollow() throws InterruptedException {
        Api api = api();
        try {
            Api.Reply zero = api.put("api/workers", "{\"max\":0}");
            assertEquals(400, zero.status(), zero.body());
            assertTrue(zero.body().contains("from 1 to 10000"), zero.body());
            Api.Reply heavy =
                    api.put("api/applications/" + BASIC, "{\"queues\":{\"slow\":10,\"default\":1},\"weight\":101}");
            assertEquals(400, heavy.status(), heavy.body());
            assertTrue(heavy.body().contains("'weight'"), heavy.body());
            assertEquals(BUDGET, api.get("api/workers").json().getInt("max"), "the refused change changed nothing");

            Api.Reply reweighed =
                    api.put("api/applications/" + BASIC, "{\"queues\":{\"slow\":10,\"default\":1},\"weight\":3}");
            assertEquals(200, reweighed.status(), reweighed.body());
            Api.Reply resized = api.put("api/workers", "{\"max\":6}");
            assertEquals(200, resized.status(), resized.body());
            assertEquals(6, resized.json().getInt("max"));
            assertEquals(3, weightOf(api, BASIC), "GET /workers shows the new weight");

            List<String> ids = new ArrayList<>();
            for (String app : List.of(GOLD, BASIC)) {
                ids.addAll(api.enqueueAll(app, "gauge", "{\"gauge\":\"reweighed\",\"millis\":250}", 40));
            }
            Map<String, Integer> samples = sampleRunning(api);
            Await.until(WAIT, "all 80 jobs finish", () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));
            String mostSeen = samples.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            assertEquals("3:3", mostSeen, "equal weights share the budget of 6 evenly; samples " + samples);
            assertEquals(
                    6, api.get("api/probe/gauges/reweighed").json().getInt("max"), "the most at once: the new budget");
        } finally {
            api.put("api/workers", "{\"max\":" + BUDGET + "}");
            api.put("api/applications/" + BASIC, "{\"queues\":{\"slow\":10,\"default\":1},\"weight\":1}");
        }
    }

    @Test
    void deliveriesHeldForAPlaceGoBackWhenTheirQueueStopsConsumingAndAreNotCountedAsRedeliveries() {
        Api api = api();
        // 4 run, 6 wait for a place (the prefetch of 10), 10 wait in the queue: the broker hands those
        // over as places free, also while the consumer stops
        List<String> ids = api.enqueueAll(BASIC, "gauge", "{\"gauge\":\"held\",\"millis\":1500}", 20);
        Await.until(WAIT, BASIC + " has deliveries waiting for a place", () -> waitingOf(api, BASIC) > 0);
        int held = waitingOf(api, BASIC);
        try (Rabbit rabbit = new Rabbit()) {
            // a new concurrency restarts the queue's consumer: what it held goes back to the queue; twice,
            // as the broker hands over queued jobs in the moment it stops only at times
            for (int concurrency : new int[] {9, 10}) {
                Await.until(WAIT, BASIC + " has deliveries waiting for a place", () -> waitingOf(api, BASIC) > 0);
                String queues = "{\"queues\":{\"slow\":" + concurrency + ",\"default\":1}}";
                assertEquals(200, api.put("api/applications/" + BASIC, queues).status());
            }
            // -1: no parked queue yet
            LongSupplier parked = () -> Math.max(0, rabbit.messages(QueueNames.parked(BASIC)));
            Await.until(
                    WAIT,
                    "each of the 20 jobs succeeds or is parked",
                    () -> ids.stream().filter(id -> api.hasEvent(id, "after")).count() + parked.getAsLong()
                            >= ids.size());
            assertTrue(held > 0, "deliveries were held when the consumer stopped: " + held);
            assertEquals(0, parked.getAsLong(), "none parked as delivered too often");
        } finally {
            api.put("api/applications/" + BASIC, "{\"queues\":{\"slow\":10,\"default\":1}}");
        }
    }

    @Test
    void jobsOverARateLimitWaitWithoutAPlaceInTheBudgetWhileOtherQueuesRunAndALiftLetsThemOn() {
        Api api = api();
        String limited = "{\"queues\":{\"slow\":{\"concurrency\":10,\"rateLimit\":\"1/h\"},\"default\":1}}";
        try {
            Api.Reply bad = api.put(
                    "api/applications/" + BASIC,
                    "{\"queues\":{\"slow\":{\"concurrency\":10,\"rateLimit\":\"1/day\"},\"default\":1}}");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(
                    bad.body().contains("rateLimit of queue 'slow'")
                            && bad.body().contains("unknown period"),
                    bad.body());
            assertEquals(200, api.put("api/applications/" + BASIC, limited).status());

            List<String> slow = api.enqueueAll(BASIC, "gauge", "{\"gauge\":\"rate\",\"millis\":10}", 4);
            // the hour's one start goes to one of them at most; the others wait, holding no place
            Await.until(
                    WAIT,
                    "3 slow jobs wait for the limit with nothing of the budget in use",
                    () -> slowWaitingForRate(api) >= 3
                            && api.get("api/workers").json().getInt("running") == 0
                            && api.get("api/workers").json().getInt("waiting") == 0);
            // echo goes to the default queue (gauge jobs choose slow)
            String other = api.enqueue(BASIC, "echo", "{}");
            Await.until(WAIT, "the unlimited queue's job runs meanwhile", () -> api.hasEvent(other, "after"));
            assertTrue(slowWaitingForRate(api) >= 3, "the slow jobs still wait: " + slowWaitingForRate(api));

            assertEquals(
                    200,
                    api.put(
                                    "api/applications/" + BASIC,
                                    "{\"queues\":{\"slow\":{\"concurrency\":10,\"rateLimit\":null},\"default\":1}}")
                            .status());
            Await.until(
                    WAIT, "lifted, every slow job runs", () -> slow.stream().allMatch(id -> api.hasEvent(id, "after")));
        } finally {
            api.put(
                    "api/applications/" + BASIC,
                    "{\"queues\":{\"slow\":{\"concurrency\":10,\"rateLimit\":null},\"default\":1}}");
        }
    }

    @Test
    void anOperatorSetsAndLiftsARateLimitOnThePage() {
        page.openShowing(base.toString(), BASIC);
        Browser browser = page.browser();
        try {
            fillApplicationForm(browser, "slow=10@3/day,default=1");
            browser.waitFor(
                    "the page refuses a rate limit it cannot read",
                    AdminPage.WAIT,
                    d -> browser.has("app-queues-error")
                            && browser.find("app-queues-error").getText().contains("unknown period"));

            fillApplicationForm(browser, "slow=10@30/min,default=1");
            browser.waitFor(
                    "the queue table shows the limit",
                    AdminPage.WAIT,
                    d -> browser.find("rate-" + BASIC + "-slow").getText().contains("30/min"));
            assertTrue(api().get("api/applications").body().contains("\"rateLimit\":\"30/min\""));

            fillApplicationForm(browser, "slow=10@none,default=1");
            browser.waitFor(
                    "the queue table shows no limit",
                    AdminPage.WAIT,
                    d -> browser.find("rate-" + BASIC + "-slow").getText().isBlank());
        } finally {
            api().put(
                            "api/applications/" + BASIC,
                            "{\"queues\":{\"slow\":{\"concurrency\":10,\"rateLimit\":null},\"default\":1}}");
        }
    }

    private static void fillApplicationForm(Browser browser, String queues) {
        WebElement name = browser.find("app-name");
        name.clear();
        name.sendKeys(BASIC);
        WebElement queuesField = browser.find("app-queues");
        queuesField.clear();
        queuesField.sendKeys(queues);
        browser.find("app-start").click();
    }

    /** Deliveries of BASIC's slow queue waiting here for a start of its rate limit. */
    private static int slowWaitingForRate(Api api) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(BASIC))
                .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .filter(q -> q.getString("name").equals("slow"))
                .mapToInt(q -> q.getInt("waitingForRate"))
                .sum();
    }

    @Test
    void anOperatorChangesTheBudgetOnThePage() {
        page.openShowing(base.toString(), BASIC);
        Browser browser = page.browser();
        try {
            WebElement max = browser.find("budget-max");
            max.clear();
            max.sendKeys("lots");
            browser.find("budget-change").click();
            browser.waitFor(
                    "the page refuses a budget that is not a number",
                    AdminPage.WAIT,
                    d -> browser.has("budget-max-error")
                            && browser.find("budget-max-error").getText().contains("from 1 to 10000"));
            assertEquals(BUDGET, api().get("api/workers").json().getInt("max"), "the refused change changed nothing");

            max = browser.find("budget-max");
            max.clear();
            max.sendKeys("7");
            browser.find("budget-change").click();
            browser.waitFor(
                    "the budget line shows the new budget",
                    AdminPage.WAIT,
                    d -> browser.find("budget").getText().contains("of 7 jobs at once"));
            assertEquals(7, api().get("api/workers").json().getInt("max"));
        } finally {
            api().put("api/workers", "{\"max\":" + BUDGET + "}");
        }
    }

    /**
     * While both applications have work waiting: how many jobs of each run, {@code "gold:basic"}, sampled
     * every 50 ms for 2 s, to how often each was seen.
     */
    private static Map<String, Integer> sampleRunning(Api api) throws InterruptedException {
        Map<String, Integer> samples = new TreeMap<>();
        Await.until(WAIT, "the first jobs run", () -> !running(api).isEmpty());
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < until) {
            Map<String, Integer> running = running(api);
            samples.merge(running.getOrDefault(GOLD, 0) + ":" + running.getOrDefault(BASIC, 0), 1, Integer::sum);
            Thread.sleep(50);
        }
        return samples;
    }

    private static int waitingOf(Api api, String application) {
        return shareOf(api, application).map(share -> share.getInt("waiting")).orElse(0);
    }

    private static int weightOf(Api api, String application) {
        return shareOf(api, application).orElseThrow().getInt("weight");
    }

    /** The application's part of GET /workers, if it is listed. */
    private static java.util.Optional<JsonObject> shareOf(Api api, String application) {
        return api.get("api/workers").json().getJsonArray("applications").getValuesAs(JsonObject.class).stream()
                .filter(share -> share.getString("application").equals(application))
                .findFirst();
    }

    private static int sum(String sample) {
        String[] parts = sample.split(":");
        return Integer.parseInt(parts[0]) + Integer.parseInt(parts[1]);
    }

    private static Map<String, Integer> running(Api api) {
        Map<String, Integer> byApplication = new TreeMap<>();
        api.get("api/jobs/running")
                .json()
                .getJsonArray("jobs")
                .getValuesAs(JsonObject.class)
                .forEach(job -> byApplication.merge(job.getString("application"), 1, Integer::sum));
        return byApplication;
    }
}
