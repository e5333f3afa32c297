package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.AdminPage;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One instance whose RabbitMQ and PostgreSQL both sit behind proxies the test cuts: what an operator
 * sees on the admin page (headless Chromium) and what producers get while either is away, with many
 * applications to bring back.
 */
class OutagesIT {

    static final TcpProxy BROKER = new TcpProxy(Rabbit.PORT).start();
    static final TcpProxy DATABASE = new TcpProxy(5432).start();
    /** Applications of two queues each that the instance brings back after a broker outage. */
    static final int APPLICATIONS = Integer.getInteger("outage.applications", 100);

    static Postgres postgres;
    static MicroProcess instance;
    static AdminPage page;
    static Browser browser;
    static Api api;
    static String application;
    static final List<String> many = new ArrayList<>();

    @BeforeAll
    static void start() {
        postgres = new Postgres();
        Map<String, String> settings = TestWar.baseConfig("");
        settings.put("roger.datasource", Postgres.RESOURCE);
        settings.put("roger.amqp.host", "127.0.0.1");
        settings.put("roger.amqp.port", String.valueOf(BROKER.port()));
        settings.put("roger.database.timeout", "3");
        File war = TestWar.export(TestWar.build(settings));
        instance = new MicroProcess(war, Map.of(), postgres.microArguments(DATABASE.port())).start();
        api = new Api(instance.baseUrl());
        page = new AdminPage("outage", "default");
        browser = page.browser();
        application = page.startApplication(api, "{\"default\":2}");
    }

    @AfterAll
    static void stop() {
        try {
            if (page != null) {
                page.close();
            }
            if (instance != null) {
                instance.stop();
            }
        } finally {
            BROKER.close();
            DATABASE.close();
            try (Rabbit rabbit = new Rabbit()) {
                List<String> queues = new ArrayList<>();
                for (String name : many) {
                    for (String queue : List.of("a", "b")) {
                        queues.add(QueueNames.main(name, queue));
                    }
                    queues.add(QueueNames.parked(name));
                }
                rabbit.deleteQueues(queues);
            }
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static String bannerText() {
        return browser.has("banner") ? browser.find("banner").getText() : "";
    }

    @Test
    void theAdminPageShowsThisInstancesViewWithABannerWhileRabbitMqIsAway() {
        String row = "queue-" + QueueNames.main(application, "default");
        page.openShowing(instance.baseUrl(), application);
        assertEquals("", bannerText(), "no banner while everything answers");

        BROKER.stop();
        try {
            browser.waitFor(
                    "the banner says RabbitMQ cannot be reached",
                    Duration.ofSeconds(60),
                    d -> bannerText().contains("RabbitMQ cannot be reached"));
            assertTrue(browser.has(row), "the page still lists the queue, from this instance's own view");
            page.screenshot("outage-broker", "banner");

            // a fresh load answers too (not an error page)
            browser.open(instance.baseUrl());
            browser.waitFor(
                    "a fresh load shows the banner and the queue",
                    Duration.ofSeconds(60),
                    d -> bannerText().contains("RabbitMQ cannot be reached") && browser.has(row));
        } finally {
            BROKER.start();
        }
        browser.waitFor(
                "the banner goes once RabbitMQ is back",
                Duration.ofSeconds(90),
                d -> bannerText().isEmpty());
    }

    @Test
    void theAdminPageShowsWhatItCanWithABannerWhileTheDatabaseIsAway() {
        String row = "queue-" + QueueNames.main(application, "default");
        page.openShowing(instance.baseUrl(), application);

        DATABASE.stop();
        try {
            browser.waitFor(
                    "the banner says the shared database cannot be read",
                    Duration.ofSeconds(90),
                    d -> bannerText().contains("the shared database cannot be read"));
            assertTrue(browser.has(row), "the page still lists the queue");
            page.screenshot("outage-database", "banner");

            // a fresh load reads the cluster anew: it answers, with the queue, without the database
            browser.open(instance.baseUrl());
            browser.waitFor(
                    "a fresh load shows the banner and the queue",
                    Duration.ofSeconds(90),
                    d -> bannerText().contains("the shared database cannot be read") && browser.has(row));
        } finally {
            DATABASE.start();
        }
        browser.waitFor(
                "the banner goes once the database is back",
                Duration.ofSeconds(90),
                d -> bannerText().isEmpty());
    }

    /**
     * A broker outage with many applications while another application's producer keeps enqueuing:
     * every enqueue answers within seconds (refused with 503 while the broker is away, never held), the
     * producer's enqueues succeed again once the broker is back while the others' consumers come back,
     * and every job that was accepted runs.
     */
    @Test
    void aBrokerOutageWithManyApplicationsNeverHoldsAnotherApplicationsEnqueues() throws Exception {
        for (int i = 0; i < APPLICATIONS; i++) {
            many.add(page.startApplication(api, "{\"a\":1,\"b\":1}"));
        }
        record Answer(long at, int status, long millis, String id) {}
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            while (producing.get()) {
                long started = System.nanoTime();
                Api.Reply reply =
                        api.post("api/applications/" + application + "/jobs", "{\"type\":\"echo\",\"args\":{}}");
                answers.add(new Answer(
                        System.nanoTime(),
                        reply.status(),
                        (System.nanoTime() - started) / 1_000_000,
                        reply.status() == 201 ? reply.json().getString("id") : null));
                sleepQuietly(100);
            }
        });
        Await.until(Duration.ofSeconds(30), "the producer enqueues", () -> answers.size() > 10);

        BROKER.stop();
        Await.until(
                Duration.ofSeconds(60),
                "readiness turns DOWN",
                () -> api.readiness().status() == 503);
        Await.until(
                Duration.ofSeconds(30),
                "enqueues are refused while the broker is away",
                () -> answers.stream().anyMatch(a -> a.status() == 503));
        long back = System.nanoTime();
        BROKER.start();
        Await.until(
                Duration.ofSeconds(180),
                "ready again, every application consuming",
                () -> api.readiness().status() == 200);
        long ready = System.nanoTime();
        Await.until(
                Duration.ofSeconds(30),
                "enqueues succeed after the outage",
                () -> answers.stream().anyMatch(a -> a.at() > ready && a.status() == 201));
        producing.set(false);
        producer.get();

        long slowest = answers.stream().mapToLong(Answer::millis).max().orElse(0);
        long firstAccepted = answers.stream()
                .filter(a -> a.at() > back && a.status() == 201)
                .mapToLong(a -> (a.at() - back) / 1_000_000)
                .min()
                .orElse(-1);
        System.out.printf(
                "outage applications=%d enqueues=%d refused=%d slowest_ms=%d first_accepted_after_ms=%d"
                        + " ready_after_ms=%d%n",
                APPLICATIONS,
                answers.size(),
                answers.stream().filter(a -> a.status() == 503).count(),
                slowest,
                firstAccepted,
                (ready - back) / 1_000_000);
        assertTrue(
                answers.stream().allMatch(a -> a.status() == 201 || a.status() == 503),
                "every enqueue is accepted or refused with 503: " + answers);
        assertTrue(slowest < 5_000, "no enqueue was held: the slowest answered in " + slowest + " ms");
        // the client brings the consumers back on their own connections, after readiness; counted with
        // rabbitmqctl list_consumers (a queue.declare-ok can count cancelled ones)
        Await.until(Duration.ofSeconds(120), "every application consumes again", () -> {
            Map<String, List<Integer>> consumers = Rabbit.consumerPrefetch();
            return many.stream()
                    .allMatch(name -> consumers.containsKey(QueueNames.main(name, "a"))
                            && consumers.containsKey(QueueNames.main(name, "b")));
        });
        List<String> accepted =
                answers.stream().filter(a -> a.status() == 201).map(Answer::id).toList();
        Await.until(
                Duration.ofSeconds(120),
                "every accepted job ran",
                () -> accepted.stream().allMatch(id -> api.hasEvent(id, "after")));
        assertFalse(accepted.isEmpty());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
