package dev.roger.worker;

import java.util.Set;

/** Cancelled job ids. A row lives until it expires so a cancel survives restarts and late deliveries. */
public interface CancelStore {

    /** How long a cancel (and a delivery count) is kept: longer than any job waits in its queue. */
    java.time.Duration KEPT = java.time.Duration.ofDays(7);

    /** Records a cancel; cancelling twice, or an unknown or finished id, is harmless. */
    void add(String application, String jobId);

    /** True for exactly one caller per cancelled job: the one that fires the cancelled event. */
    boolean claim(String application, String jobId);

    /** "application/jobId" of every cancel not yet carried out, to fill the in-memory cache. */
    Set<String> pending();

    int deleteExpired();

    /** How a cancel is named in the in-memory cache and in {@link #pending}. */
    static String key(String application, String jobId) {
        return application + "/" + jobId;
    }
}
