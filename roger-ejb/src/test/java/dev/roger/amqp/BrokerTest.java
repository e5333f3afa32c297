package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import dev.roger.api.BrokerException;
import dev.roger.config.BrokerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BrokerTest {

    @Test
    void aUriThatCannotBeParsedLeavesItsPasswordOutOfTheErrorAndItsCauses() {
        // refused by the parser, whose message quotes the URI (a space: java.net.URI quotes the whole input)
        BrokerSettings settings = new BrokerSettings(
                Optional.of("amqp://roger:s3cret-pw@host:56 72/"),
                List.of(),
                "/",
                "guest",
                "guest",
                Duration.ofSeconds(30),
                false,
                Duration.ofSeconds(30));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new Broker(settings, Executors.defaultThreadFactory(), "test"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("s3cret-pw"), t.toString());
        }
    }

    @Test
    void aBlockedConnectionRefusesEveryPublishAtOnceUntilTheBrokerUnblocksIt() throws Exception {
        FakeBroker fake = new FakeBroker();
        Broker broker = fake.broker();
        AMQP.BasicProperties properties =
                new AMQP.BasicProperties.Builder().messageId("m1").build();

        fake.block("low on memory");

        assertEquals(Optional.of("low on memory"), broker.blocked());
        for (PublishLane lane : PublishLane.values()) {
            BrokerException refused = assertThrows(BrokerException.class, () -> broker.publisher(lane));
            assertTrue(refused.getMessage().contains("low on memory"), refused.getMessage());
        }
        fake.unblock();
        assertEquals(Optional.empty(), broker.blocked());
        broker.publisher(PublishLane.JOBS).publish("q", properties, new byte[] {1});
        assertEquals(1, fake.publishing().published().size(), "published once the alarm cleared");
    }

    /** After an outage thousands of consumer channels are opened again; no publish waits for them. */
    @Test
    void aConsumerConnectionBeingMadeHoldsUpNoPublishNorTheBus() throws Exception {
        FakeBroker fake = new FakeBroker();
        Broker broker = fake.broker();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        fake.slowConnections(connection -> connection.contains("-consume-"), go);
        java.util.concurrent.CompletableFuture<com.rabbitmq.client.Channel> consumer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return broker.openConsumerChannel();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        try {
            java.util.concurrent.CompletableFuture<Boolean> publishing =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        broker.publisher(PublishLane.JOBS);
                        broker.busChannel();
                        return broker.isConnected();
                    });
            assertTrue(publishing.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertFalse(consumer.isDone(), "the consumer connection is still being made");
        } finally {
            go.countDown();
        }
        consumer.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void eachConnectionHasARoleAndChannelCallsThatWaitSecondsNotTenMinutes() throws Exception {
        FakeBroker fake = new FakeBroker();
        fake.broker().openConsumerChannel();

        assertEquals(
                java.util.Map.of(
                        "test-publish", Broker.RPC_TIMEOUT_MILLIS,
                        "test-consume-0", Broker.RPC_TIMEOUT_MILLIS,
                        "test-inspect", Broker.DECLARE_RPC_TIMEOUT_MILLIS),
                fake.rpcTimeouts());
        assertTrue(Broker.RPC_TIMEOUT_MILLIS <= 10_000 && Broker.DECLARE_RPC_TIMEOUT_MILLIS <= 60_000);
    }
}
