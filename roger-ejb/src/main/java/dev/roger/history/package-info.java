/**
 * The job history: how many runs succeeded, failed, were retried and buried, per application, queue,
 * job type and minute (and hour), summed over the instances and kept across restarts. The worker counts
 * each outcome into this instance's {@link dev.roger.history.OutcomeTally} (a map increment, no database
 * call); {@link dev.roger.history.History} adds what was counted to the shared database every few
 * seconds and at shutdown, deletes expired rows under a lease, and reads the points an operator asks for.
 */
package dev.roger.history;
