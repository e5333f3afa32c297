package dev.roger.it.probe;

/** Args of the gauge job: which gauge to count in, and how long to run. */
public record GaugeArgs(String gauge, long millis) {}
