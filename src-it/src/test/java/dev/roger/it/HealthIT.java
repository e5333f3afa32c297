package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TcpProxy;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MicroProfile Health: readiness follows the broker, reached through a proxy the test can cut. The
 * proxy is closed at deployment: a broker that is down at boot does not fail the deployment.
 */
@ExtendWith(ArquillianExtension.class)
class HealthIT {

    static final String APP = TestWar.uniqueApplication("health");
    static final TcpProxy BROKER = new TcpProxy(Rabbit.PORT);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2");
        config.put("roger.amqp.host", "127.0.0.1");
        config.put("roger.amqp.port", String.valueOf(BROKER.port()));
        return TestWar.build(config);
    }

    @AfterAll
    static void cleanUp() {
        BROKER.close();
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
    }

    private Api.Reply health(String path) {
        String root = base.toString().replaceAll("/roger/?$", "/");
        return new Api(root).anonymous("GET", path, null);
    }

    private static JsonObject check(Api.Reply reply, String name) {
        return reply.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + reply.body()));
    }

    @Test
    void readinessTurnsDownWhileTheBrokerIsUnreachableAndUpAgainAfter() {
        // deployed while the broker is unreachable: the application waits
        JsonObject waiting = check(health("health/ready"), "roger-ready");
        assertEquals("DOWN", waiting.getString("status"));
        assertEquals(APP, waiting.getJsonObject("data").getString("waitingApplications"));
        assertEquals(200, health("health/live").status());

        BROKER.start();
        Await.until(
                Duration.ofSeconds(60),
                "ready once the broker is reachable",
                () -> health("health/ready").status() == 200);
        JsonObject ready = check(health("health/ready"), "roger-ready");
        assertEquals("UP", ready.getString("status"));
        assertEquals("true", ready.getJsonObject("data").getString("brokerConnected"));
        assertEquals("reachable", ready.getJsonObject("data").getString("database"));
        assertEquals("UP", check(health("health/live"), "roger-live").getString("status"));

        BROKER.stop();
        Await.until(
                Duration.ofSeconds(60),
                "readiness DOWN",
                () -> health("health/ready").status() == 503);
        JsonObject down = check(health("health/ready"), "roger-ready");
        assertEquals("DOWN", down.getString("status"));
        assertEquals("false", down.getJsonObject("data").getString("brokerConnected"));
        assertEquals(200, health("health/live").status(), "the engine is alive while it waits for the broker");

        BROKER.start();
        Await.until(
                Duration.ofSeconds(90),
                "readiness UP again",
                () -> health("health/ready").status() == 200);
        Api api = new Api(base.toString());
        String id = api.enqueue(APP, "echo", "{}");
        Await.until(Duration.ofSeconds(60), "jobs run again", () -> api.hasEvent(id, "after"));
    }
}
