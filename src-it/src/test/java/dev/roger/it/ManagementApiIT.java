package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.config.PasswordHash;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every endpoint of the management API, with good and bad input, as an admin and as a viewer. */
@ExtendWith(ArquillianExtension.class)
class ManagementApiIT {

    static final String APP = TestWar.uniqueApplication("api");
    static final String VIEWER_PASSWORD = "it-viewer";
    static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2,held=1");
        // the viewer's password is configured as a hash only
        config.put("roger.viewer.password", PasswordHash.of(VIEWER_PASSWORD));
        return TestWar.build(config);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            List<String> queues = new ArrayList<>(List.of(QueueNames.parked(APP)));
            for (String app : List.of(APP, APP + "_new")) {
                for (String queue : List.of("default", "held", "extra")) {
                    queues.addAll(List.of(
                            QueueNames.main(app, queue),
                            QueueNames.buried(app, queue),
                            QueueNames.retry(app, queue, 1),
                            QueueNames.retry(app, queue, 2)));
                }
                queues.add(QueueNames.parked(app));
            }
            rabbit.deleteQueues(queues);
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    private static void assertProblem(Api.Reply reply, int status, String detailContains) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(
                reply.contentType().startsWith("application/problem+json"), reply.contentType() + " " + reply.body());
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"));
        assertTrue(problem.getString("detail").contains(detailContains), problem.toString());
    }

    @Test
    @Tag("broker-independent")
    void withoutCredentialsEveryEndpointAnswers401AsAProblem() {
        Api api = api();
        for (String path : List.of("api/applications", "api/instances", "api/jobs/running", "api/cluster")) {
            Api.Reply reply = api.anonymous("GET", path, null);
            assertProblem(reply, 401, "authentication required");
        }
        assertEquals(
                401,
                api.anonymous("POST", "api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}")
                        .status());
        assertEquals(
                401,
                api.anonymous("DELETE", "api/applications/" + APP + "/queues/default/jobs?confirm=true", null)
                        .status());
    }

    @Test
    @Tag("broker-independent")
    void aViewerMayReadButGets403WhenItTriesToAct() {
        Api viewer = api().as("viewer", VIEWER_PASSWORD);
        assertEquals(200, viewer.get("api/applications").status());
        assertEquals(200, viewer.get("api/instances").status());
        assertProblem(viewer.post("api/applications/" + APP + "/queues/default/pause", ""), 403, "roger-admin");
        assertProblem(viewer.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\"}"), 403, "roger-admin");
        assertEquals(
                403, viewer.delete("api/applications/" + APP + "/jobs/some-id").status());
        assertEquals(
                403,
                viewer.put("api/applications/" + APP, "{\"queues\":{\"default\":1}}")
                        .status());
        assertEquals(200, viewer.get("api/workers").status(), "the budget may be read");
        assertProblem(viewer.put("api/workers", "{\"max\":1}"), 403, "roger-admin");
        assertEquals(401, api().as("viewer", "wrong").get("api/applications").status());
    }

    @Test
    void applicationsAreStartedReconfiguredListedAndStopped() {
        Api api = api();
        String app = APP + "_new";
        Api.Reply started = api.put("api/applications/" + app, "{\"queues\":{\"default\":3,\"extra\":1}}");
        assertEquals(201, started.status(), started.body());
        assertEquals(2, started.json().getJsonArray("queues").size());
        Api.Reply reconfigured = api.put("api/applications/" + app, "{\"queues\":{\"default\":5}}");
        assertEquals(200, reconfigured.status());
        assertEquals(
                5, reconfigured.json().getJsonArray("queues").getJsonObject(0).getInt("concurrency"));

        assertTrue(api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .anyMatch(a -> a.getString("name").equals(app)));
        JsonObject cluster = api.get("api/applications?scope=cluster").array().getJsonObject(0);
        assertFalse(cluster.getString("instance").isBlank());

        assertProblem(
                api.put("api/applications/" + app, "{\"queues\":{\"default\":-1}}"),
                400,
                "concurrency of queue 'default'");
        assertProblem(api.put("api/applications/" + app, "{\"queues\":"), 400, "not valid JSON");
        assertProblem(api.put("api/applications/" + app, "{}"), 400, "'queues'");
        assertProblem(
                api.put("api/applications/bad-name", "{\"queues\":{\"default\":1}}"),
                400,
                "application name 'bad-name'");
        assertProblem(api.get("api/applications?scope=galaxy"), 400, "scope must be instance or cluster");

        assertEquals(204, api.delete("api/applications/" + app + "?safe=true").status());
        assertProblem(api.delete("api/applications/" + app), 404, "'" + app + "'");
    }

    @Test
    void jobsAreEnqueuedPeekedCancelledAndQueuesPausedResumedAndPurged() {
        Api api = api();
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/pause", "").status());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.post(
                            "api/applications/" + APP + "/jobs",
                            "{\"type\":\"echo\",\"queue\":\"held\",\"args\":{\"n\":" + i + "}}")
                    .json()
                    .getString("id"));
        }
        Await.until(
                WAIT,
                "three queued jobs",
                () -> api.get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                                .array()
                                .size()
                        == 3);
        List<String> peeked = api
                .get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                .array()
                .getValuesAs(JsonObject.class)
                .stream()
                .map(j -> j.getString("id"))
                .toList();
        assertEquals(ids, peeked, "the peek shows them in order");
        assertEquals(
                ids,
                api
                        .get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                        .array()
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .map(j -> j.getString("id"))
                        .toList(),
                "and loses none");
        assertEquals(
                2,
                api.get("api/applications/" + APP + "/queues/held/jobs?limit=2")
                        .array()
                        .size());
        assertProblem(api.get("api/applications/" + APP + "/queues/held/jobs?limit=0"), 400, "limit must be from 1");
        assertProblem(api.get("api/applications/" + APP + "/queues/nosuch/jobs"), 404, "'nosuch'");

        assertEquals(
                202,
                api.delete("api/applications/" + APP + "/jobs/" + ids.get(0)).status());
        assertProblem(api.delete("api/applications/" + APP + "/queues/held/jobs"), 400, "confirm=true");
        assertEquals(
                3,
                api.get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                        .array()
                        .size(),
                "nothing purged");
        Api.Reply purge = api.delete("api/applications/" + APP + "/queues/held/jobs?confirm=true");
        assertEquals(202, purge.status(), purge.body());
        assertEquals(3, purge.json().getInt("total"));
        assertTrue(
                purge.header("Location").endsWith("/api/applications/" + APP + "/queues/held/purge"),
                purge.header("Location"));
        awaitPurgeDone(api, "held");
        assertEquals(
                3,
                api.get("api/applications/" + APP + "/queues/held/purge").json().getInt("purged"));
        assertEquals(
                0,
                api.get("api/applications/" + APP + "/queues/held/jobs?limit=10")
                        .array()
                        .size(),
                "all purged");
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/resume", "").status());
    }

    private static void awaitPurgeDone(Api api, String queue) {
        Await.until(WAIT, "the purge of " + queue + " is done", () -> {
            Api.Reply reply = api.get("api/applications/" + APP + "/queues/" + queue + "/purge");
            return reply.status() == 200 && reply.json().getString("state").equals("done");
        });
    }

    @Test
    void aQueueOfBigJobsIsPeekedWithinTheByteBudgetAndTheAnswerSaysItWasTruncated() {
        Api api = api();
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/pause", "").status());
        try {
            String big = "{\"type\":\"echo\",\"queue\":\"held\",\"args\":{\"pad\":\"" + "x".repeat(300_000) + "\"}}";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(api.post("api/applications/" + APP + "/jobs", big)
                        .json()
                        .getString("id"));
            }
            Await.until(WAIT, "five big jobs queued", () -> queuedMessages(api, "held") == 5);
            String peek = "api/applications/" + APP + "/queues/held/jobs?limit=10";
            Api.Reply first = api.get(peek);
            assertEquals("true", first.header("Roger-Truncated"), "three of 300 kB fit in 1 MiB, not five");
            assertEquals(ids.subList(0, 3), idsOf(first));
            assertEquals(ids.subList(0, 3), idsOf(api.get(peek)), "the peek returned every job to the queue");
            assertEquals(5, queuedMessages(api, "held"));
            Api.Reply two = api.get("api/applications/" + APP + "/queues/held/jobs?limit=2");
            assertEquals("false", two.header("Roger-Truncated"), "the limit asked for is no truncation");
            assertEquals(ids.subList(0, 2), idsOf(two));
        } finally {
            api.delete("api/applications/" + APP + "/queues/held/jobs?confirm=true");
            api.post("api/applications/" + APP + "/queues/held/resume", "");
        }
    }

    @Test
    void queueCountsShowAnEnqueueWithinTheirBoundOfTwoSeconds() {
        Api api = api();
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/pause", "").status());
        try {
            long before = queuedMessages(api, "held");
            assertEquals(
                    201,
                    api.post("api/applications/" + APP + "/jobs", "{\"type\":\"echo\",\"queue\":\"held\"}")
                            .status());
            // the bound is 2 s; the rest is slack for a loaded machine
            Await.until(
                    Duration.ofSeconds(5), "the count shows the job", () -> queuedMessages(api, "held") == before + 1);
        } finally {
            api.delete("api/applications/" + APP + "/queues/held/jobs?confirm=true");
            api.post("api/applications/" + APP + "/queues/held/resume", "");
        }
    }

    private long queuedMessages(Api api, String queue) {
        return api.get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(APP))
                .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .filter(q -> q.getString("name").equals(queue))
                .findFirst()
                .map(q -> q.getJsonNumber("messages").longValue())
                .orElse(-1L);
    }

    private static List<String> idsOf(Api.Reply reply) {
        return reply.array().getValuesAs(JsonObject.class).stream()
                .map(j -> j.getString("id"))
                .toList();
    }

    @Test
    void aDuplicateQueueKeyIsAConflict() {
        Api api = api();
        assertEquals(
                200,
                api.post("api/applications/" + APP + "/queues/held/pause", "").status());
        try {
            String body = "{\"type\":\"sleep\",\"queue\":\"held\",\"args\":{\"millis\":1,\"queueKey\":\"k-"
                    + System.nanoTime() + "\"}}";
            assertEquals(
                    201, api.post("api/applications/" + APP + "/jobs", body).status());
            assertProblem(api.post("api/applications/" + APP + "/jobs", body), 409, "already queued");
        } finally {
            api.delete("api/applications/" + APP + "/queues/held/jobs?confirm=true");
            api.post("api/applications/" + APP + "/queues/held/resume", "");
        }
    }

    @Test
    void runningJobsAndInstancesAreListed() {
        Api api = api();
        String id = api.enqueue(APP, "sleep", "{\"millis\":3000}");
        Await.until(WAIT, "the job runs", () -> api.hasEvent(id, "before"));
        JsonObject running = api.get("api/jobs/running").json();
        assertTrue(running.getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .anyMatch(j -> j.getString("id").equals(id)));
        assertTrue(
                api
                        .get("api/jobs/running?scope=cluster")
                        .json()
                        .getJsonArray("jobs")
                        .getValuesAs(JsonObject.class)
                        .stream()
                        .anyMatch(j -> j.getString("id").equals(id)));
        JsonObject instances = api.get("api/instances").json();
        String self = instances.getString("self");
        assertTrue(instances.getJsonArray("instances").getValuesAs(JsonObject.class).stream()
                .anyMatch(i -> i.getString("name").equals(self) && i.getBoolean("alive")));
        assertEquals(1, api.get("api/cluster").json().getJsonArray("instances").size());
    }

    @Test
    void buriedJobsAreListedRetriedAndDeleted() {
        Api api = api();
        String first = api.enqueue(APP, "fail", "{\"n\":1}");
        String second = api.enqueue(APP, "fail", "{\"n\":2}");
        String third = api.enqueue(APP, "fail", "{\"n\":3}");
        Await.until(
                WAIT,
                "three buried",
                () -> List.of(first, second, third).stream().allMatch(id -> api.hasEvent(id, "buried")));
        List<JsonObject> buried = api.get("api/applications/" + APP + "/queues/default/buried")
                .array()
                .getValuesAs(JsonObject.class);
        assertEquals(3, buried.size());
        assertTrue(
                buried.get(0).getString("error").contains("fails on purpose"),
                buried.get(0).toString());
        assertEquals(2, buried.get(0).getInt("retryCount"));

        assertEquals(
                202,
                api.post("api/applications/" + APP + "/queues/default/buried/" + first + "/retry", "")
                        .status());
        Await.until(
                WAIT,
                "the retried job is buried again after its retries",
                () -> api.events(first).stream()
                                .filter(e -> e.getString("kind").equals("buried"))
                                .count()
                        == 2);
        assertProblem(
                api.post("api/applications/" + APP + "/queues/default/buried/no-such-id/retry", ""), 404, "no-such-id");
        assertEquals(
                204,
                api.delete("api/applications/" + APP + "/queues/default/buried/" + second)
                        .status());
        assertEquals(
                404,
                api.delete("api/applications/" + APP + "/queues/default/buried/" + second)
                        .status());
        Api.Reply all = api.post("api/applications/" + APP + "/queues/default/buried/retry-all", "");
        assertEquals(202, all.status());
        assertEquals(2, all.json().getInt("requeued"));
        Await.until(
                WAIT,
                "both buried again",
                () -> api.get("api/applications/" + APP + "/queues/default/buried")
                                .array()
                                .size()
                        == 2);
        api.delete("api/applications/" + APP + "/queues/default/buried/" + first);
        api.delete("api/applications/" + APP + "/queues/default/buried/" + third);
    }

    @Test
    void parkedMessagesAreListedAndDeleted() {
        Api api = api();
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.publish(QueueNames.main(APP, "default"), "not json".getBytes(StandardCharsets.UTF_8), "junk-1");
        }
        Await.until(
                WAIT,
                "the message is parked",
                () -> api.get("api/applications/" + APP + "/parked").array().size() == 1);
        JsonObject parked =
                api.get("api/applications/" + APP + "/parked").array().getJsonObject(0);
        assertEquals("junk-1", parked.getString("messageId"));
        assertEquals("default", parked.getString("queue"));
        assertTrue(parked.getString("reason").startsWith("cannot decode"), parked.toString());
        assertEquals("not json", parked.getString("body"));
        assertEquals(
                204,
                api.delete("api/applications/" + APP + "/parked/" + parked.getString("parkedId"))
                        .status());
        assertEquals(0, api.get("api/applications/" + APP + "/parked").array().size());
        assertProblem(api.delete("api/applications/" + APP + "/parked/nope"), 404, "nope");
    }

    @Test
    @Tag("broker-independent")
    void aSessionCookieFromTheAdminPageDoesNotAuthenticateTheApi() throws Exception {
        java.net.CookieManager cookies = new java.net.CookieManager();
        java.net.http.HttpClient browserLike = java.net.http.HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        java.net.http.HttpResponse<String> login = browserLike.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "username=" + Api.USER + "&password=" + Api.PASSWORD))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode());
        assertFalse(cookies.getCookieStore().getCookies().isEmpty(), "logged in with a session");
        java.net.http.HttpResponse<String> page = browserLike.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base.toString()))
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the session opens the admin page");

        // a forged cross-site request carries the cookie but no Basic credentials
        java.net.http.HttpResponse<String> forged = browserLike.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(base + "api/applications/" + APP + "/queues/default/pause"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode());
        // and a forged form post without the page's view state changes nothing
        browserLike.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "index.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "live=live&jakarta.faces.ViewState=forged"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertFalse(api().get("api/applications").array().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("name").equals(APP))
                .flatMap(a -> a.getJsonArray("queues").getValuesAs(JsonObject.class).stream())
                .anyMatch(q -> q.getBoolean("paused") && q.getString("name").equals("default")));
    }

    @Test
    @Tag("broker-independent")
    void anOpenApiDocumentIsServed() {
        String root = base.toString().replaceAll("/roger/?$", "/");
        Api.Reply openapi = new Api(root).anonymous("GET", "openapi", null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/applications/{application}/jobs"), openapi.body());
    }
}
