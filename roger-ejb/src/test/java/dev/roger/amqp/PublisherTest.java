package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private final Publisher publisher = new Publisher(null, Duration.ofSeconds(1));

    @Test
    void aConfirmThatDoesNotComeInTimeFailsNamingTheSetting() {
        long started = System.nanoTime();
        PublishFailedException e = assertThrows(
                PublishFailedException.class, () -> publisher.await(new CompletableFuture<>(), publisher.deadline()));

        assertEquals("the broker did not confirm the message within 1 s (roger.amqp.confirm-timeout)", e.getMessage());
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(900).toNanos(), "waited for the deadline");
    }

    @Test
    void aRefusedMessageFailsWithTheBrokersReasonAsItsCause() {
        IOException nack = new IOException("the broker refused the message (nack)");
        PublishFailedException e = assertThrows(
                PublishFailedException.class,
                () -> publisher.await(CompletableFuture.failedFuture(nack), publisher.deadline()));

        assertEquals("the broker did not take the message: the broker refused the message (nack)", e.getMessage());
        assertEquals(nack, e.getCause());
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThrows(
                    PublishFailedException.class,
                    () -> publisher.await(new CompletableFuture<>(), publisher.deadline()));
            assertTrue(Thread.interrupted(), "the interrupt is set again");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aConfirmedPublishReturnsItsValue() {
        assertEquals("job-1", publisher.await(CompletableFuture.completedFuture("job-1"), publisher.deadline()));
    }
}
