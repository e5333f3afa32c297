package dev.roger.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeBroker;
import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.FakeChannel.Published;
import dev.roger.api.BrokerException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances' buses, each on a fake channel; the test plays the fan-out exchange by handing what
 * one publishes to the consumers it would reach.
 */
class BusCallTest {

    private final ClusterKey key = new ClusterKey("the cluster secret");
    private final Jsonb jsonb = JsonbBuilder.create();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<BusMessage> handledByB = new CopyOnWriteArrayList<>();
    private final AtomicLong tags = new AtomicLong();
    private FakeBroker brokerOfA;
    private Bus a;
    private Bus b;
    private FakeChannel channelOfA;
    private FakeChannel channelOfB;
    private FakeChannel sentByA;
    private FakeChannel sentByB;

    @BeforeEach
    void twoInstances() throws Exception {
        brokerOfA = new FakeBroker();
        FakeBroker brokerOfB = new FakeBroker();
        a = new Bus(brokerOfA.broker(), "a", key, jsonb, handlers, message -> "pong-a");
        b = new Bus(brokerOfB.broker(), "b", key, jsonb, handlers, message -> {
            handledByB.add(message);
            return "pong-b";
        });
        a.start();
        b.start();
        channelOfA = brokerOfA.lastOpened();
        channelOfB = brokerOfB.lastOpened();
        sentByA = brokerOfA.bus();
        sentByB = brokerOfB.bus();
    }

    @AfterEach
    void stop() throws Exception {
        a.close();
        b.close();
        handlers.shutdownNow();
        jsonb.close();
    }

    private void deliver(Published message, FakeChannel... to) throws Exception {
        for (FakeChannel channel : to) {
            channel.deliver(tags.incrementAndGet(), false, message.properties(), message.body());
        }
    }

    private static Published next(FakeChannel channel) throws InterruptedException {
        return channel.awaitPublish(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallGathersTheRepliesOfEveryExpectedInstanceItself() throws Exception {
        CompletableFuture<CallResult> result = CompletableFuture.supplyAsync(
                () -> a.call(BusMessage.info("a"), Set.of("a", "b"), Duration.ofSeconds(30)));

        deliver(next(sentByA), channelOfA, channelOfB); // the fan-out
        deliver(next(sentByA), channelOfA); // a's own reply
        deliver(next(sentByB), channelOfA); // b's reply

        CallResult replies = result.get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("a", "\"pong-a\"", "b", "\"pong-b\""), replies.replies());
        assertTrue(replies.unanswered().isEmpty());
    }

    @Test
    void aCallNamesTheInstancesThatDidNotAnswerInTime() throws Exception {
        CompletableFuture<CallResult> result = CompletableFuture.supplyAsync(
                () -> a.call(BusMessage.info("a"), Set.of("b", "c"), Duration.ofMillis(500)));

        deliver(next(sentByA), channelOfB);
        deliver(next(sentByB), channelOfA);

        CallResult replies = result.get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("b", "\"pong-b\""), replies.replies());
        assertEquals(List.of("c"), replies.unanswered());
    }

    @Test
    void aCastReachesTheOtherInstanceOnceAndAReplayIsRefused() throws Exception {
        a.cast(BusMessage.cancel("a", "app", "job-1"));
        Published cast = next(sentByA);

        deliver(cast, channelOfB);
        deliver(cast, channelOfB); // the same signed message again: a replay

        handlers.shutdown();
        assertTrue(handlers.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of(BusMessage.cancel("a", "app", "job-1")), handledByB);
        assertEquals(1, b.refused());
    }

    @Test
    void anUnsignedMessageIsRefusedAndNotHandled() throws Exception {
        byte[] body = jsonb.toJson(BusMessage.cancel("x", "app", "job-1")).getBytes(StandardCharsets.UTF_8);
        channelOfB.deliver(
                1,
                false,
                new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                        .appId("x")
                        .build(),
                body);

        handlers.shutdown();
        assertTrue(handlers.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(handledByB.isEmpty());
        assertEquals(1, b.refused());
    }

    @Test
    void theBusSendsOnThePublishingConnectionAndFailsAtOnceWhileTheBrokerBlocksIt() throws Exception {
        a.cast(BusMessage.cancel("a", "app", "job-1"));
        next(sentByA);
        assertTrue(channelOfA.published().isEmpty(), "nothing sent on the consumer's channel");

        brokerOfA.block("low on memory");
        BrokerException refused =
                assertThrows(BrokerException.class, () -> a.cast(BusMessage.cancel("a", "app", "job-2")));
        assertTrue(refused.getMessage().contains("low on memory"), refused.getMessage());
        brokerOfA.unblock();
        a.cast(BusMessage.cancel("a", "app", "job-3"));
        assertEquals(
                BusMessage.cancel("a", "app", "job-3"),
                jsonb.fromJson(new String(next(sentByA).body(), StandardCharsets.UTF_8), BusMessage.class));
    }

    @Test
    void afterTheBrokerClosesItsChannelTheBusListensAgainOnANewOne() throws Exception {
        FakeBroker brokerOfC = new FakeBroker();
        List<BusMessage> handledByC = new CopyOnWriteArrayList<>();
        try (Bus c = new Bus(brokerOfC.broker(), "c", key, jsonb, handlers, message -> {
            handledByC.add(message);
            return null;
        })) {
            c.start();
            FakeChannel first = brokerOfC.lastOpened();

            first.closeByBroker(406, "PRECONDITION_FAILED - a channel error");
            assertFalse(c.isListening());
            c.start(); // as the once-a-second work does

            FakeChannel second = brokerOfC.lastOpened();
            assertTrue(second != first && c.isListening(), "listening on a new channel");
            a.cast(BusMessage.cancel("a", "app", "job-9"));
            deliver(next(sentByA), second);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handledByC.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of(BusMessage.cancel("a", "app", "job-9")), handledByC);
        }
    }
}
