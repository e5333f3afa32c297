package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
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

/** With {@code roger.workers.executor} naming the server's default ManagedExecutorService, jobs run on its threads. */
@ExtendWith(ArquillianExtension.class)
class ManagedExecutorIT {

    static final String APP = TestWar.uniqueApplication("mes");
    static final Duration WAIT = Duration.ofSeconds(60);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2");
        config.put("roger.workers.executor", "java:comp/DefaultManagedExecutorService");
        return TestWar.build(config);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(QueueNames.main(APP, "default"), QueueNames.parked(APP)));
        }
    }

    @Test
    void jobsRunOnTheThreadsOfTheManagedExecutorServiceTheOperatorNamed() {
        Api api = new Api(base.toString());
        String id = api.enqueue(APP, "echo", "{}");
        Await.until(WAIT, "the job ran", () -> api.hasEvent(id, "after"));
        JsonObject before = api.events(id).stream()
                .filter(e -> e.getString("kind").equals("before"))
                .findFirst()
                .orElseThrow();
        String thread = before.getString("thread");
        assertTrue(thread.contains("ManagedExecutorService"), "the job ran on " + thread);
    }
}
