package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Browser;
import dev.roger.it.support.PayaraServer;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import dev.roger.it.support.WildFlyServer;
import jakarta.json.JsonObject;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The reactor-built roger.ear, unchanged, on Payara Server 6 and WildFly 39 at once, both pointed at
 * the local RabbitMQ and one PostgreSQL database as the README says: they form one cluster.
 */
class EarOnFullServersIT {

    static final String APP = TestWar.uniqueApplication("ear");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PAYARA = "payara-server";
    static final String WILDFLY = "wildfly";

    static Postgres postgres;
    static PayaraServer payara;
    static WildFlyServer wildfly;

    @BeforeAll
    static void startServers() {
        File ear = new File(System.getProperty("roger.ear", "target/roger.ear"));
        postgres = new Postgres();
        payara =
                new PayaraServer(environment(PAYARA, "jdbc/roger", PayaraServer.WORKERS_EXECUTOR)).start(postgres, ear);
        wildfly = new WildFlyServer(environment(WILDFLY, WildFlyServer.DATASOURCE, WildFlyServer.WORKERS_EXECUTOR))
                .start(postgres, ear);
    }

    static Map<String, String> environment(String instance, String dataSource, String workersExecutor) {
        return Map.of(
                "ROGER_APPLICATIONS",
                APP + ":default=4",
                "ROGER_ADMIN_PASSWORD",
                Api.PASSWORD,
                "ROGER_INSTANCE_NAME",
                instance,
                "ROGER_DATASOURCE",
                dataSource,
                "ROGER_SHUTDOWN_TIMEOUT",
                "2",
                // jobs run on a ManagedExecutorService the operator made on the server
                "ROGER_WORKERS_EXECUTOR",
                workersExecutor);
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable server : new AutoCloseable[] {wildfly, payara, postgres}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + server + ": " + e);
            }
        }
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(QueueNames.main(APP, "default")));
        }
    }

    @Test
    void eachServerReportsRogerReadyAndLiveOnce() {
        for (String health : List.of(payara.healthUrl(), wildfly.healthUrl())) {
            Api.Reply ready = new Api(health).anonymous("GET", "ready", null);
            assertEquals(200, ready.status(), health + "ready: " + ready.body());
            assertEquals(1, checks(ready, "roger-ready"), "one roger-ready check at " + health + ": " + ready.body());
            Api.Reply live = new Api(health).anonymous("GET", "live", null);
            assertEquals(200, live.status(), health + "live: " + live.body());
            assertEquals(1, checks(live, "roger-live"), "one roger-live check at " + health + ": " + live.body());
        }
    }

    @Test
    void theTwoServersFormOneClusterThroughTheSharedDatabase() {
        for (Api api : apis()) {
            Await.until(WAIT, "both servers in the cluster seen from " + api, () -> {
                JsonObject cluster = api.get("api/cluster").json();
                List<String> names = cluster.getJsonArray("instances").getValuesAs(JsonObject.class).stream()
                        .map(i -> i.getString("name"))
                        .sorted()
                        .toList();
                return names.equals(List.of(PAYARA, WILDFLY))
                        && cluster.getJsonArray("unanswered").isEmpty();
            });
        }
    }

    @Test
    void jobsEnqueuedThroughTheApiOfEitherServerRun() {
        int perServer = 40;
        long before = processed(payaraApi()) + processed(wildflyApi());
        for (Api api : apis()) {
            for (int i = 0; i < perServer; i++) {
                api.enqueue(APP, "sleep", "{\"millis\":20}");
            }
        }
        Await.until(
                WAIT,
                "all " + 2 * perServer + " jobs processed",
                () -> processed(payaraApi()) + processed(wildflyApi()) - before == 2 * perServer);
    }

    @Test
    void jobsRunOnTheManagedExecutorServiceTheOperatorNamedOnBothServers() {
        long before = processed(payaraApi()) + processed(wildflyApi());
        List<String> ids = new java.util.ArrayList<>();
        for (Api api : apis()) {
            for (int i = 0; i < 4; i++) {
                ids.add(api.enqueue(APP, "sleep", "{\"millis\":3000}"));
            }
        }
        Map<String, String> threads = new java.util.TreeMap<>();
        Await.until(WAIT, "jobs run on both servers", () -> {
            payaraApi()
                    .get("api/jobs/running?scope=cluster")
                    .json()
                    .getJsonArray("jobs")
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(j -> ids.contains(j.getString("id")))
                    .forEach(j -> threads.put(j.getString("instance"), j.getString("thread")));
            return threads.keySet().equals(java.util.Set.of(PAYARA, WILDFLY));
        });
        assertTrue(
                threads.values().stream().allMatch(t -> t.contains("roger-workers")),
                "jobs run on the threads of the executor named roger-workers on each server: " + threads);
        // the other tests count the jobs they run: none of these may end during theirs
        Await.until(
                WAIT,
                "the " + ids.size() + " jobs end",
                () -> processed(payaraApi()) + processed(wildflyApi()) - before >= ids.size());
    }

    @Test
    void aJobRunningOnOneServerIsCancelledThroughTheOther() {
        String id = wildflyApi().enqueue(APP, "sleep", "{\"millis\":120000}");
        Await.until(
                WAIT, "the job runs somewhere", () -> runningIds(payaraApi()).contains(id));
        assertEquals(
                202,
                payaraApi().delete("api/applications/" + APP + "/jobs/" + id).status());
        Await.until(
                WAIT, "the job stopped running", () -> !runningIds(wildflyApi()).contains(id));
    }

    @Test
    void anOperatorLogsInToTheAdminPageOnEachServer() {
        try (Browser browser = new Browser()) {
            for (String base : List.of(payara.baseUrl(), wildfly.baseUrl())) {
                browser.open(base);
                browser.waitFor(
                        "the login page at " + base,
                        WAIT,
                        d -> d.getCurrentUrl().contains("login.xhtml"));
                browser.driver().findElement(By.id("username")).sendKeys(Api.USER);
                browser.driver().findElement(By.id("password")).sendKeys(Api.PASSWORD);
                browser.driver().findElement(By.id("login")).click();
                browser.waitFor(
                        "the queue row at " + base, WAIT, d -> browser.has("queue-" + QueueNames.main(APP, "default")));
                assertTrue(browser.find("queue-" + QueueNames.main(APP, "default"))
                        .getText()
                        .contains("running"));
                browser.screenshot("ear-" + (base.equals(payara.baseUrl()) ? PAYARA : WILDFLY));
                browser.open(base + "logout");
            }
        }
    }

    private static long checks(Api.Reply health, String name) {
        return health.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name)
                        && c.getString("status").equals("UP"))
                .count();
    }

    private static long processed(Api api) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(APP))
                .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .mapToLong(q -> q.getJsonNumber("processed").longValue())
                .sum();
    }

    private static List<String> runningIds(Api api) {
        return api
                .get("api/jobs/running?scope=cluster")
                .json()
                .getJsonArray("jobs")
                .getValuesAs(JsonObject.class)
                .stream()
                .map(j -> j.getString("id"))
                .toList();
    }

    private static List<Api> apis() {
        return List.of(payaraApi(), wildflyApi());
    }

    private static Api payaraApi() {
        return new Api(payara.baseUrl());
    }

    private static Api wildflyApi() {
        return new Api(wildfly.baseUrl());
    }
}
