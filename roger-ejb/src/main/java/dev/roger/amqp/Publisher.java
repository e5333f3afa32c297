package dev.roger.amqp;

import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way Roger publishes a job's message and waits for its confirm: one deadline
 * ({@code roger.amqp.confirm-timeout}) and one mapping of what can go wrong to a
 * {@link PublishFailedException}. Enqueue, due jobs, retries, requeues and the worker's routing all
 * publish through here, each on its {@link PublishLane}.
 */
public final class Publisher {

    private final Broker broker;
    private final Duration confirmTimeout;

    public Publisher(Broker broker, Duration confirmTimeout) {
        this.broker = broker;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Publishes to the queue (mandatory) and returns the future of the broker's confirm.
     *
     * @throws dev.roger.api.BrokerException at once while the broker cannot be reached
     */
    public CompletableFuture<Void> publish(
            PublishLane lane, String queue, AMQP.BasicProperties properties, byte[] body) {
        return broker.publisher(lane).publish(queue, properties, body);
    }

    /** Publishes and waits for the confirm, up to the confirm timeout. */
    public void publishAndWait(PublishLane lane, String queue, AMQP.BasicProperties properties, byte[] body) {
        CompletableFuture<Void> confirmed;
        try {
            confirmed = publish(lane, queue, properties, body);
        } catch (RuntimeException e) {
            throw new PublishFailedException("cannot publish to " + queue + ": " + e.getMessage(), e);
        }
        await(confirmed, deadline());
    }

    /** The deadline (of {@link System#nanoTime}) of confirms awaited from now on. */
    public long deadline() {
        return System.nanoTime() + confirmTimeout.toNanos();
    }

    public Duration confirmTimeout() {
        return confirmTimeout;
    }

    /**
     * Waits until {@code deadline} for {@code confirmed}; returns its value.
     *
     * @throws PublishFailedException when it failed (the cause is what failed it), did not complete
     *     in time, or the wait was interrupted (the thread's interrupt flag is set again)
     */
    public <T> T await(CompletableFuture<T> confirmed, long deadline) {
        try {
            return confirmed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for the broker's confirm", e);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                            ? e.getCause().getCause()
                            : e.getCause();
            throw new PublishFailedException("the broker did not take the message: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new PublishFailedException(
                    "the broker did not confirm the message within " + confirmTimeout.toSeconds()
                            + " s (roger.amqp.confirm-timeout)",
                    e);
        }
    }
}
