package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The login and admin-page protections over real HTTP: headers, the session cookie, the API's door, roles, the throttle. */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    static final String APP = TestWar.uniqueApplication("sec");
    static final String PRODUCER_PASSWORD = "it-producer";
    static final String VIEWER_PASSWORD = "it-viewer";
    static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=1");
        config.put("roger.producer.username", "orders");
        config.put("roger.producer.password", PRODUCER_PASSWORD);
        // the producer is scoped to this class's application
        config.put("roger.producer.applications", APP);
        // used by the throttle test alone, so it is never in the credential cache before
        config.put("roger.viewer.password", VIEWER_PASSWORD);
        // the throttle tests play clients behind a proxy, each with its own address
        config.put("roger.security.client-address-header", "X-Forwarded-For");
        // every login is checked (a cached password skips the throttle), whatever ran before
        config.put("roger.security.credential-cache", "0");
        return TestWar.build(config);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"),
                    QueueNames.buried(APP, "default"),
                    QueueNames.retry(APP, "default", 1),
                    QueueNames.retry(APP, "default", 2),
                    QueueNames.parked(APP)));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> basicGet(String user, String password, String forwardedFor) {
        return send(request("api/applications")
                .header("Authorization", basic(user, password))
                .header("X-Forwarded-For", forwardedFor)
                .GET());
    }

    private static String freshAddress() {
        return "203.0." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);
    }

    @Test
    void everyPageForbidsFraming() {
        for (HttpResponse<String> response : List.of(
                send(request("login.xhtml").GET()),
                send(request("api/applications")
                        .header("Authorization", basic(Api.USER, Api.PASSWORD))
                        .GET()),
                send(request("api/applications").GET()))) {
            assertEquals(
                    List.of("DENY"),
                    response.headers().allValues("X-Frame-Options"),
                    response.uri().toString());
            assertEquals(
                    List.of("frame-ancestors 'none'"),
                    response.headers().allValues("Content-Security-Policy"),
                    response.uri().toString());
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        HttpResponse<String> login = send(request("login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + Api.USER + "&password=" + Api.PASSWORD)));
        assertEquals(302, login.statusCode());
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(login.headers().map().toString()));
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.toLowerCase().contains("samesite=strict"), cookie); // Payara writes "strict"
        assertFalse(cookie.contains("Secure"), "plain HTTP here; the container adds Secure over TLS: " + cookie);
    }

    @Test
    void aPathParameterDoesNotLetTheSessionCookieIntoTheApi() {
        HttpClient browserLike = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            HttpResponse<String> login = browserLike.send(
                    request("login")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "username=" + Api.USER + "&password=" + Api.PASSWORD))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, login.statusCode());
            assertEquals(
                    200,
                    browserLike
                            .send(request("").GET().build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode(),
                    "the session opens the admin page");
            HttpResponse<String> read = browserLike.send(
                    request("api;x=1/applications").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, read.statusCode(), read.body());
            HttpResponse<String> act = browserLike.send(
                    request("api;x=1/applications/" + APP + "/queues/default/pause")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, act.statusCode(), act.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theProducerMayEnqueueAndNothingElse() {
        Api producer = new Api(base.toString()).as("orders", PRODUCER_PASSWORD);
        Api.Reply one = producer.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}");
        assertEquals(201, one.status(), one.body());
        Api.Reply bulk =
                producer.post("api/applications/" + APP + "/jobs", "[{\"type\":\"echo\"},{\"type\":\"echo\"}]");
        assertEquals(200, bulk.status(), bulk.body());
        assertEquals(2, bulk.array().size());
        // scoped (roger.producer.applications): no other application, whether it runs or not
        String notItsOwn = TestWar.uniqueApplication("notmine");
        Api.Reply elsewhere = producer.post("api/applications/" + notItsOwn + "/jobs", "{\"type\":\"echo\"}");
        assertEquals(403, elsewhere.status(), elsewhere.body());
        assertTrue(elsewhere.body().contains("roger.producer.applications"), elsewhere.body());
        Api.Reply elsewhereBulk = producer.post("api/applications/" + notItsOwn + "/jobs", "[{\"type\":\"echo\"}]");
        assertEquals(403, elsewhereBulk.status(), elsewhereBulk.body());

        assertEquals(403, producer.get("api/applications").status(), "not even reading");
        assertEquals(
                403,
                producer.get("api/applications/" + APP + "/queues/default/jobs").status());
        Api.Reply pause = producer.post("api/applications/" + APP + "/queues/default/pause", "");
        assertEquals(403, pause.status(), pause.body());
        assertTrue(pause.body().contains("roger-producer only enqueue"), pause.body());
        assertEquals(
                403,
                producer.delete("api/applications/" + APP + "/jobs/"
                                + one.json().getString("id"))
                        .status());
        assertEquals(
                403,
                producer.put("api/applications/" + APP, "{\"queues\":{\"default\":1}}")
                        .status());
        assertEquals(
                403,
                producer.delete("api/applications/" + APP + "/queues/default/jobs?confirm=true")
                        .status());
        assertEquals(
                403,
                producer.post("api/applications/" + APP + "/queues/default/buried/retry-all", "")
                        .status());
        assertEquals(403, producer.put("api/workers", "{\"max\":1}").status(), "nor change the worker budget");

        assertEquals(
                201,
                new Api(base.toString())
                        .post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}")
                        .status(),
                "the admin may still enqueue");
    }

    @Test
    void repeatedFailedLoginsAreThrottledThenTheRightPasswordGetsIn() {
        String address = freshAddress();
        String guesser = "guesser-" + UUID.randomUUID();
        assertEquals(401, basicGet(guesser, "guess-1", address).statusCode(), "the first failure is free");
        assertEquals(401, basicGet(guesser, "guess-2", address).statusCode());
        HttpResponse<String> throttled = basicGet(guesser, "guess-3", address);
        assertEquals(429, throttled.statusCode(), throttled.body());
        assertTrue(
                Integer.parseInt(throttled.headers().firstValue("Retry-After").orElse("0")) >= 1,
                throttled.headers().toString());
        assertTrue(throttled.body().contains("too many failed logins"), throttled.body());
        assertEquals(
                429,
                basicGet("viewer", VIEWER_PASSWORD, address).statusCode(),
                "the address is throttled for every user");

        // not a lockout: after the short wait the right password gets in
        Await.until(
                WAIT,
                "the viewer logs in from the throttled address",
                () -> basicGet("viewer", VIEWER_PASSWORD, address).statusCode() == 200);
    }

    @Test
    void aFloodOfGuessesFromOneAddressLocksNoOneOutElsewhere() {
        String flood = freshAddress();
        for (int i = 0; i < 6; i++) {
            basicGet("orders", "guess-" + i, flood);
        }
        assertEquals(429, basicGet("orders", "guess-7", flood).statusCode(), "the flooding address waits");

        HttpResponse<String> elsewhere = basicGet("orders", PRODUCER_PASSWORD, freshAddress());

        assertEquals(
                403, elsewhere.statusCode(), "the producer logs in at once from its own address (and may not list)");
    }

    /**
     * A GET over a socket bound to {@code local} (127.0.0.2 is loopback too), without a forwarded-for
     * header: the server sees the socket's address. Returns the status code.
     */
    private int getFrom(String local, String user, String password) throws IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(local, 0));
            socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            String request = "GET " + base.getPath() + "api/applications HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nAuthorization: " + basic(user, password)
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    @Test
    void aFloodFromAnotherLoopbackAddressLocksNoOneOutOnThisOne() throws IOException {
        for (int i = 0; i < 6; i++) {
            getFrom("127.0.0.2", "orders", "guess-" + i);
        }
        assertEquals(429, getFrom("127.0.0.2", "orders", "guess-7"), "the flooding address waits");

        assertEquals(
                403,
                getFrom("127.0.0.1", "orders", PRODUCER_PASSWORD),
                "the producer logs in at once from its own address (and may not list)");
    }

    @Test
    void behindAProxyTheLastForwardedForEntryIsTheClientsAddress() {
        String throttledAddress = freshAddress();
        String guesser = "guesser-" + UUID.randomUUID();
        basicGet(guesser, "guess-1", throttledAddress);
        basicGet(guesser + "-2", "guess-2", throttledAddress);
        String other = "guesser-" + UUID.randomUUID();
        assertEquals(
                429,
                basicGet(other, "guess", "10.9.9.9, " + throttledAddress).statusCode(),
                "the proxy's entry counts");
        assertEquals(
                401,
                basicGet(other + "-b", "guess", throttledAddress + ", " + freshAddress())
                        .statusCode(),
                "what the client wrote before it does not");
    }
}
