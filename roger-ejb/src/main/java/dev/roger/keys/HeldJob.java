package dev.roger.keys;

/**
 * A job whose message the database holds and that goes back to its queue now: one that waited for its
 * execution key and whose turn has come, or a detached long job whose instance died. (Not a parked
 * message: "parked" means only a message set aside for an operator.)
 */
public record HeldJob(String application, String queue, String jobId, String body) {}
