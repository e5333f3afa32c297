package dev.roger.api;

/**
 * A message of an application that could not run (not a job, an unknown type, unreadable args).
 *
 * @param parkedId the id to delete it by (messages may lack an id of their own)
 * @param messageId the original AMQP message id, if it had one
 * @param queue the application queue it came from
 * @param body the start of its body, as text
 */
public record ParkedMessage(
        String parkedId, String messageId, String queue, String reason, String parkedAt, String body) {}
