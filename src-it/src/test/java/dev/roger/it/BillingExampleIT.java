package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example application examples/billing, built by the reactor from its own pom as a user builds it,
 * on two Payara Micro servers of this host started as a user starts them: no Roger script, no
 * {@code -Droger.http.port}, no instance name. Each runs its own billing application.
 */
class BillingExampleIT {

    static final String APP_A = TestWar.uniqueApplication("billing");
    static final String APP_B = TestWar.uniqueApplication("billing");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Pattern STARTED_AS = Pattern.compile("Roger started as instance '([^']+)'");

    static final File WAR = new File(System.getProperty("billing.war", "target/billing.war"));
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static MicroProcess a;
    /** Reaches the broker through a proxy that can reset its connections. */
    static MicroProcess b;

    static TcpProxy proxy;

    @BeforeAll
    static void startTwoServersWithoutRogersFlags() {
        proxy = new TcpProxy(Rabbit.PORT).start();
        a = new MicroProcess(WAR, config(APP_A, Rabbit.PORT)).withoutRogerFlags();
        b = new MicroProcess(WAR, config(APP_B, proxy.port())).withoutRogerFlags();
        MicroProcess.startTogether(a, b);
    }

    /** The example's configuration overridden through the environment, as an operator would. */
    static Map<String, String> config(String application, int amqpPort) {
        return Map.of(
                "ROGER_APPLICATIONS",
                application + ":default=2,payments=2",
                "BILLING_APPLICATION",
                application,
                "ROGER_AMQP_PORT",
                String.valueOf(amqpPort),
                "ROGER_RETRY_DELAYS",
                "1,2",
                "ROGER_SHUTDOWN_TIMEOUT",
                "2");
    }

    @AfterAll
    static void stopAll() {
        for (MicroProcess micro : new MicroProcess[] {a, b}) {
            if (micro != null) {
                micro.stop();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>();
            for (String app : List.of(APP_A, APP_B)) {
                queues.addAll(List.of(
                        QueueNames.main(app, "default"),
                        QueueNames.main(app, "payments"),
                        QueueNames.retry(app, "payments", 1),
                        QueueNames.retry(app, "payments", 2)));
            }
            rabbit.deleteQueues(queues);
        }
    }

    @Test
    void anInvoiceEnqueuedThroughTheExamplesResourceRunsAndItsObserverSeesIt() {
        String id = enqueue(a, "invoices", "{\"customer\":\"acme\",\"period\":\"2026-11\"}");

        JsonObject finished = awaitFinished(a, id);
        assertEquals("invoice", finished.getString("type"));
        assertEquals("INV-acme-2026-11", finished.getString("result"));
        assertEquals(0, finished.getInt("retries"));
    }

    @Test
    void aDeclinedChargeIsRetriedByRogerAndThenSucceeds() {
        String id = enqueue(a, "charges", "{\"reference\":\"order-7\",\"cents\":1250,\"declines\":1}");

        JsonObject finished = awaitFinished(a, id);
        assertEquals("charged 1250 cents for order-7", finished.getString("result"));
        assertEquals(1, finished.getInt("retries"), "one declined attempt, then the retry succeeded");
        assertTrue(a.logText().contains("Billing: job " + id + " failed (retry: true)"), "the JobFailed observer ran");
    }

    @Test
    void twoServersOnOneHostStartedWithoutRogersFlagsGetDifferentInstanceNames() {
        String nameA = instanceName(a);
        String nameB = instanceName(b);

        assertNotEquals(nameA, nameB);
        // each name is what the broker sees: both servers connected under their own name
        Await.until(WAIT, "both instances' connections on the broker", () -> {
            String connections = brokerConnections();
            return connections.contains("roger@" + nameA + "-") && connections.contains("roger@" + nameB + "-");
        });
    }

    private static String brokerConnections() {
        return String.join("\n", Rabbit.rabbitmqctl("-q", "list_connections", "client_properties"));
    }

    @Test
    void theRabbitMqClientLogsThroughSlf4jIntoTheServerLog() {
        for (MicroProcess micro : List.of(a, b)) {
            String log = micro.logText();
            assertFalse(log.contains("SLF4J: Defaulting to no-operation"), "SLF4J found no binding:\n" + log);
            assertFalse(log.contains("SLF4J: No SLF4J providers"), "SLF4J found no provider:\n" + log);
            assertFalse(log.contains("SLF4J: Class path contains multiple"), "more than one SLF4J binding:\n" + log);
        }
        // a reset connection is an error the RabbitMQ client itself logs (through SLF4J), then recovers from
        String nameB = instanceName(b);
        Await.until(
                WAIT, "B connected through the proxy", () -> brokerConnections().contains("roger@" + nameB + "-"));
        proxy.reset();
        b.awaitLog("An unexpected connection driver error occurred", WAIT);
    }

    /** What a user's WAR gets from the bom and roger-ejb: one slf4j-api, of its binding's version, 2.x. */
    @Test
    void theExampleWarPacksOneSlf4jApiMatchingItsBinding() throws IOException {
        List<String> libs;
        try (ZipFile war = new ZipFile(WAR)) {
            libs = war.stream()
                    .map(ZipEntry::getName)
                    .filter(n -> n.startsWith("WEB-INF/lib/"))
                    .map(n -> n.substring("WEB-INF/lib/".length()))
                    .filter(n -> !n.isEmpty())
                    .toList();
        }
        List<String> apis =
                libs.stream().filter(n -> n.startsWith("slf4j-api-")).toList();
        List<String> bindings =
                libs.stream().filter(n -> n.startsWith("slf4j-jdk14-")).toList();
        assertEquals(1, apis.size(), "slf4j-api jars in the WAR: " + libs);
        assertEquals(1, bindings.size(), "slf4j-jdk14 jars in the WAR: " + libs);
        String version = apis.get(0).substring("slf4j-api-".length());
        assertEquals("slf4j-jdk14-" + version, bindings.get(0), "the API and its binding differ: " + libs);
        assertTrue(version.startsWith("2."), "slf4j-api 2.x needed by the 2.x binding: " + libs);
    }

    private static String instanceName(MicroProcess micro) {
        Matcher matcher = STARTED_AS.matcher(micro.logText());
        assertTrue(matcher.find(), "Roger logged no instance name");
        return matcher.group(1);
    }

    private static String enqueue(MicroProcess micro, String resource, String json) {
        HttpResponse<String> reply =
                send(HttpRequest.newBuilder(URI.create(micro.rootUrl() + "billing/api/" + resource))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertEquals(202, reply.statusCode(), reply.body());
        return parse(reply.body()).getString("id");
    }

    /** The job's entry once the example's AfterRun observer recorded it. */
    private static JsonObject awaitFinished(MicroProcess micro, String id) {
        URI uri = URI.create(micro.rootUrl() + "billing/api/jobs/" + id);
        JsonObject[] found = new JsonObject[1];
        Await.until(WAIT, "AfterRun of job " + id + " observed by the example", () -> {
            HttpResponse<String> reply = send(HttpRequest.newBuilder(uri).GET());
            if (reply.statusCode() == 200) {
                found[0] = parse(reply.body());
            }
            return found[0] != null;
        });
        return found[0];
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
