package dev.roger.web.admin;

/** A running job with how long it has run, for the running-jobs table. */
public record RunningRow(String instance, String application, String queue, String type, String id, String runtime) {}
