package dev.roger.api;

/** Fired on the worker just before {@link Job#perform}. */
public record BeforeRun(JobContext job) {}
