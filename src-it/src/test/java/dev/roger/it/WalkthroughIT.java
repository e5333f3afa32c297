package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed README's walkthrough: with {@code myapp: [default: 10, other: 5]} the broker shows queues
 * {@code myapp-default} and {@code myapp-other}, each with one consumer whose prefetch is the queue's
 * concurrency; a second instance adds a second consumer to each.
 */
@ExtendWith(ArquillianExtension.class)
class WalkthroughIT {

    static final String APP = TestWar.uniqueApplication("myapp");
    static final Map<String, String> CONFIG = TestWar.baseConfig(APP + ":default=10,other=5");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestWar.build(CONFIG);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"),
                    QueueNames.main(APP, "other"),
                    QueueNames.buried(APP, "default"),
                    QueueNames.buried(APP, "other"),
                    QueueNames.parked(APP)));
        }
    }

    @Test
    void eachQueueHasOneConsumerPerInstanceWithPrefetchEqualToItsConcurrency() {
        String queueDefault = QueueNames.main(APP, "default");
        String queueOther = QueueNames.main(APP, "other");
        Await.until(Duration.ofSeconds(60), "one consumer on each queue", () -> {
            Map<String, List<Integer>> prefetch = Rabbit.consumerPrefetch();
            return List.of(10).equals(prefetch.get(queueDefault)) && List.of(5).equals(prefetch.get(queueOther));
        });
        try (Rabbit rabbit = new Rabbit()) {
            assertEquals(0, rabbit.messages(queueDefault), queueDefault + " exists and is empty");
            assertEquals(0, rabbit.messages(queueOther), queueOther + " exists and is empty");
        }

        try (MicroProcess second = new MicroProcess(TestWar.export(TestWar.build(CONFIG)), Map.of()).start()) {
            Await.until(Duration.ofSeconds(60), "two consumers on each queue", () -> {
                Map<String, List<Integer>> prefetch = Rabbit.consumerPrefetch();
                return List.of(10, 10).equals(prefetch.get(queueDefault))
                        && List.of(5, 5).equals(prefetch.get(queueOther));
            });

            second.stop();
            Await.until(Duration.ofSeconds(60), "back to one consumer each once the second instance stopped", () -> {
                Map<String, List<Integer>> prefetch = Rabbit.consumerPrefetch();
                return List.of(10).equals(prefetch.get(queueDefault))
                        && List.of(5).equals(prefetch.get(queueOther));
            });
        }
    }
}
