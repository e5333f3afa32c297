package dev.roger.amqp;

import java.io.IOException;
import java.util.Optional;

/**
 * Why the broker did not take a published message, as far as the message itself is concerned: the
 * future of a {@link ConfirmingPublisher#publish} fails with one, so a caller can tell a message that
 * will never fit (too large, no queue) from a broker that refused it for now.
 */
public final class PublishRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What refused the message. */
    public enum Why {
        /** Returned (mandatory): no queue of that name exists. */
        NO_ROUTE,
        /**
         * The broker closed the channel because a message on it exceeded its {@code max_message_size};
         * every message unconfirmed on that channel fails with this, not only the large one.
         */
        CHANNEL_CLOSED_FOR_SIZE,
        /** The channel closed for another reason before the broker confirmed. */
        CHANNEL_CLOSED,
        /** The broker nacked it. */
        NACKED
    }

    private final Why why;

    PublishRefusedException(Why why, String message) {
        super(message);
        this.why = why;
    }

    public Why why() {
        return why;
    }

    /** The refusal somewhere in {@code failure}'s causes, if any. */
    public static Optional<Why> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PublishRefusedException refused) {
                return Optional.of(refused.why);
            }
        }
        return Optional.empty();
    }

    /**
     * True for RabbitMQ's reason when a message exceeds {@code max_message_size} ("message size N is
     * larger than configured max size M", a PRECONDITION_FAILED that closes the channel).
     */
    static boolean isSizeRefusal(String reason) {
        return reason != null && reason.contains("is larger than") && reason.contains("max size");
    }
}
