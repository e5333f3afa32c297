package dev.roger.state;

/** One queue of one application. */
public record QueueRef(String application, String queue) {}
