package dev.roger.lifecycle;

/**
 * Told of every change of a job's state, on the thread that made it, after the change took effect
 * (the message settled, the row stored). What it throws is logged and never reaches the worker.
 */
@FunctionalInterface
public interface JobListener {

    void changed(JobChange change);
}
