package dev.roger.api;

import java.time.Instant;

/** Fired on the worker after {@link Job#perform} returned, before the message is acknowledged. */
public record AfterRun(JobContext job, Object result, Instant finishedAt) {}
