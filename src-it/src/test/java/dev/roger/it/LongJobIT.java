package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job that runs longer than the broker's consumer timeout (lowered to 5 s here) finishes exactly
 * once: its channel is not closed under it and it is not delivered again while it runs, not even
 * when the instance's broker connections drop meanwhile.
 */
class LongJobIT {

    static final String APP = TestWar.uniqueApplication("long");

    @BeforeAll
    static void lowerTheBrokersConsumerTimeout() {
        Rabbit.rabbitmqctl("eval", "application:set_env(rabbit, consumer_timeout, 5000).");
    }

    @AfterAll
    static void restoreTheBrokersConsumerTimeout() {
        Rabbit.rabbitmqctl("eval", "application:set_env(rabbit, consumer_timeout, 1800000).");
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
    }

    @Test
    void aJobLongerThanTheConsumerTimeoutFinishesExactlyOnceAndItsChannelStaysOpen() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=2");
        config.put("roger.amqp.consumer-timeout", "5");
        try (Rabbit rabbit = new Rabbit();
                MicroProcess micro = new MicroProcess(TestWar.export(TestWar.build(config)), Map.of()).start()) {
            Api api = new Api(micro.baseUrl());
            // RabbitMQ checks consumer timeouts about once a minute: run well past that
            String id = api.enqueue(APP, "sleep", "{\"millis\":75000}");
            Await.until(Duration.ofSeconds(60), "the long job starts", () -> api.hasEvent(id, "before"));
            // a passive declare counts only ready messages: the message of the running job, unacknowledged, would read
            // as 0
            Await.until(
                    Duration.ofSeconds(30),
                    "its message is acknowledged early (detached): nothing ready or unacknowledged in "
                            + QueueNames.main(APP, "default"),
                    () -> micro.logText().contains("runs longer than 2 s")
                            && Rabbit.allMessages(QueueNames.main(APP, "default")) == 0);
            // a broker blip while it runs detached must not queue it again: it still runs here
            assertTrue(Rabbit.closeConnectionsOf(micro.instanceName()) >= 2, "the instance's connections were closed");
            Await.until(
                    Duration.ofSeconds(30),
                    "the connections recovered",
                    () -> micro.logText().contains("-consume-0 to RabbitMQ recovered")
                            && micro.logText().contains("-publish to RabbitMQ recovered"));

            Await.until(Duration.ofMinutes(3), "the long job finishes", () -> api.hasEvent(id, "after"));
            List<JsonObject> events = api.events(id);
            assertEquals(
                    1,
                    events.stream()
                            .filter(e -> e.getString("kind").equals("before"))
                            .count(),
                    "started once: " + events);
            assertEquals(
                    1,
                    events.stream()
                            .filter(e -> e.getString("kind").equals("after"))
                            .count(),
                    "finished once");

            assertEquals(
                    1,
                    rabbit.consumers(QueueNames.main(APP, "default")),
                    "the consumer (and its channel) is still there");
            String next = api.enqueue(APP, "echo", "{}");
            Await.until(
                    Duration.ofSeconds(30), "the same consumer runs the next job", () -> api.hasEvent(next, "after"));
        }
    }
}
