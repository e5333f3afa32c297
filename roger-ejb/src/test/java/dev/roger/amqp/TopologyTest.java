package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.config.QueueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arguments of each queue kind, per broker version: the README's table. */
class TopologyTest {

    private static final BrokerVersion V3 = BrokerVersion.of("3.10.8");
    private static final BrokerVersion V4 = BrokerVersion.of("4.0.5");

    private final Topology quorum = new Topology(QueueType.QUORUM, null);
    private final Topology classic = new Topology(QueueType.CLASSIC, null);

    @Test
    void aQuorumMainQueueHasNoDeliveryLimitOnRabbitMq4AndKeeps3xsUnlimitedDefault() {
        assertEquals(Map.of("x-queue-type", "quorum"), quorum.mainArguments(V3));
        assertEquals(Map.of("x-queue-type", "quorum", "x-delivery-limit", -1), quorum.mainArguments(V4));
    }

    @Test
    void quorumRetryQueuesDeadLetterAtLeastOnceBackToTheMainQueue() {
        Map<String, Object> expected3 = Map.of(
                "x-queue-type",
                "quorum",
                "x-message-ttl",
                5000L,
                "x-dead-letter-exchange",
                "",
                "x-dead-letter-routing-key",
                "app-q",
                "x-dead-letter-strategy",
                "at-least-once",
                "x-overflow",
                "reject-publish");
        assertEquals(expected3, quorum.delayedArguments(V3, "app", "q", 5));
        Map<String, Object> expected4 = new java.util.HashMap<>(expected3);
        expected4.put("x-delivery-limit", -1);
        assertEquals(expected4, quorum.delayedArguments(V4, "app", "q", 5));
    }

    @Test
    void classicQueuesHaveNoQuorumArgumentsOnEitherVersion() {
        for (BrokerVersion version : new BrokerVersion[] {V3, V4}) {
            assertEquals(Map.of("x-queue-type", "classic"), classic.mainArguments(version));
            assertEquals(
                    Map.of(
                            "x-queue-type",
                            "classic",
                            "x-message-ttl",
                            1000L,
                            "x-dead-letter-exchange",
                            "",
                            "x-dead-letter-routing-key",
                            "app-q"),
                    classic.delayedArguments(version, "app", "q", 1));
        }
    }

    @Test
    void theVersionIsReadFromTheServerProperty() {
        assertEquals(4, BrokerVersion.of("4.0.5").major());
        assertEquals(3, BrokerVersion.of("3.13.7+1.g1").major());
        assertEquals(3, BrokerVersion.of(null).major(), "unknown reads as 3.x, whose arguments 4.x accepts too");
        assertEquals(true, V4.limitsDeliveriesByDefault());
        assertEquals(false, V3.limitsDeliveriesByDefault());
    }
}
