package dev.roger.worker;

import dev.roger.api.CurrentJob;

/**
 * The run on each worker thread, for {@link CurrentJob}: the worker sets it around {@code Job.perform}
 * and clears it after, however the job ends. Built once by the composition root, which hands it to the
 * workers and to the injectable {@code CurrentJob}; no static state. A thread the job starts itself has
 * no run: a thread-local does not follow the work into other threads.
 */
public final class CurrentRuns {

    /** The work done while a run is the thread's current one. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws Exception;
    }

    private final ThreadLocal<CurrentJob> runs = new ThreadLocal<>();

    /** The run on the calling thread; {@link IllegalStateException} when it runs no job. */
    public CurrentJob current() {
        CurrentJob run = runs.get();
        if (run == null) {
            throw new IllegalStateException(
                    "no job runs on this thread (" + Thread.currentThread().getName()
                            + "): CurrentJob answers only inside Job.perform, on the thread Roger runs the job on,"
                            + " not in threads the job starts");
        }
        return run;
    }

    /** Does the action with {@code run} as the thread's current run, and clears it after, also on failure. */
    <T> T during(CurrentJob run, Action<T> action) throws Exception {
        runs.set(run);
        try {
            return action.run();
        } finally {
            runs.remove();
        }
    }
}
