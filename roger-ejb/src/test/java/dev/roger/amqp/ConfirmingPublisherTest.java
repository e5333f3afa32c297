package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publisher against a fake confirm-mode channel: the test plays the broker's confirms. */
class ConfirmingPublisherTest {

    private FakeChannel fake;
    private ConfirmingPublisher publisher;

    @BeforeEach
    void publisherOnAFakeChannel() throws IOException {
        fake = new FakeChannel();
        publisher = new ConfirmingPublisher(fake.channel());
    }

    private CompletableFuture<Void> publish(String messageId) {
        return publisher.publish(
                "q",
                new AMQP.BasicProperties.Builder().messageId(messageId).build(),
                messageId.getBytes(StandardCharsets.UTF_8));
    }

    private static Throwable failure(CompletableFuture<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void aPublishCompletesOnlyWhenTheBrokerConfirmsIt() throws Exception {
        CompletableFuture<Void> first = publish("m1");
        CompletableFuture<Void> second = publish("m2");
        assertEquals(
                List.of(1L, 2L),
                fake.published().stream().map(FakeChannel.Published::sequence).toList());
        assertFalse(first.isDone(), "not before the confirm");

        fake.confirm(1, false);
        assertNull(first.get(5, TimeUnit.SECONDS));
        assertFalse(second.isDone(), "a single confirm settles only its own message");

        fake.confirm(2, false);
        assertNull(second.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aMultipleConfirmCompletesEveryPublishUpToItsTag() throws Exception {
        CompletableFuture<Void> first = publish("m1");
        CompletableFuture<Void> second = publish("m2");
        CompletableFuture<Void> third = publish("m3");

        fake.confirm(2, true);
        assertNull(first.get(5, TimeUnit.SECONDS));
        assertNull(second.get(5, TimeUnit.SECONDS));
        assertFalse(third.isDone());
    }

    @Test
    void aNackFailsThePublish() throws Exception {
        CompletableFuture<Void> refused = publish("m1");
        CompletableFuture<Void> taken = publish("m2");

        fake.nack(1, false);
        assertInstanceOf(IOException.class, failure(refused));
        assertFalse(taken.isDone(), "a nack of one message leaves the next waiting");

        fake.confirm(2, false);
        assertNull(taken.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aMessageNoQueueTookFailsItsPublish() throws Exception {
        CompletableFuture<Void> returned = publish("m1");

        fake.returnMessage(fake.published().get(0));
        fake.confirm(1, false); // the broker confirms a returned message after the return
        assertTrue(failure(returned).getMessage().contains("no queue named 'q'"));
        assertEquals(Optional.of(PublishRefusedException.Why.NO_ROUTE), PublishRefusedException.in(failure(returned)));
    }

    @Test
    void aChannelTheBrokerClosedForAMessagesSizeSaysSoToEveryUnconfirmedPublish() throws Exception {
        CompletableFuture<Void> before = publish("m1");
        CompletableFuture<Void> large = publish("m2");

        fake.closeByBroker(406, "PRECONDITION_FAILED - message size 40000 is larger than configured max size 16384");

        for (CompletableFuture<Void> publish : List.of(before, large)) {
            assertEquals(
                    Optional.of(PublishRefusedException.Why.CHANNEL_CLOSED_FOR_SIZE),
                    PublishRefusedException.in(failure(publish)));
        }
    }

    @Test
    void aChannelClosedForAnotherReasonIsNotTakenForASizeRefusal() throws Exception {
        CompletableFuture<Void> pending = publish("m1");

        fake.closeByBroker(406, "PRECONDITION_FAILED - unknown delivery tag 7");

        assertEquals(
                Optional.of(PublishRefusedException.Why.CHANNEL_CLOSED), PublishRefusedException.in(failure(pending)));
    }

    @Test
    void aChannelThatClosesFailsEveryUnconfirmedPublishAndLeavesNonePending() throws Exception {
        CompletableFuture<Void> confirmed = publish("m1");
        fake.confirm(1, false);
        CompletableFuture<Void> second = publish("m2");
        CompletableFuture<Void> third = publish("m3");

        fake.closeByBroker();

        assertNull(confirmed.get(5, TimeUnit.SECONDS));
        assertTrue(failure(second).getMessage().contains("closed before the broker confirmed"));
        assertTrue(failure(third).getMessage().contains("closed before the broker confirmed"));
        assertFalse(publisher.isOpen());
        CompletableFuture<Void> afterwards = publish("m4");
        assertTrue(afterwards.isDone(), "a publish on a lost channel fails at once, it never waits");
        assertInstanceOf(IOException.class, failure(afterwards));
        assertEquals(3, fake.published().size(), "nothing is published on a closed channel");
    }
}
