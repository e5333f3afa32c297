package dev.roger.buried;

/**
 * A parked message as stored.
 *
 * @param seq its place in the order of parking
 * @param queue the application queue it came from
 * @param messageId its AMQP message id, if it had one
 * @param parkedAt epoch milliseconds
 * @param body the whole body, byte for byte
 */
public record ParkedRow(
        long seq,
        String parkedId,
        String application,
        String queue,
        String messageId,
        String reason,
        long parkedAt,
        byte[] body) {}
