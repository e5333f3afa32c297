package dev.roger.api;

import java.time.Instant;

/** Fired once when a cancelled job is dropped from its queue or stopped while running. */
public record JobCancelled(JobContext job, Instant cancelledAt) {}
