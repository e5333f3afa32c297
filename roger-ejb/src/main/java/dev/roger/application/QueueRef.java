package dev.roger.application;

/** One queue of one application. */
public record QueueRef(String application, String queue) {}
