package dev.roger.buried;

import java.util.List;
import java.util.function.Consumer;

/**
 * Jobs that used their last retry, kept in the shared database until an operator acts: listing,
 * retrying and deleting them never touches a broker queue, so no broker limit wears them down.
 */
public interface BuriedStore {

    /** Stores the buried job; a second burial of the same job (a redelivery) keeps the first row and its error. */
    void bury(BuriedRow row);

    /** Oldest first, from the one after {@code afterSeq} (0 for the start). */
    List<BuriedRow> list(String application, String queue, long afterSeq, int limit);

    /**
     * Removes the row and runs the work (publishing the job again) in one transaction: when the work
     * fails the row stays; a crash after the publish and before the commit leaves a duplicate, never a loss.
     * False when no such row exists (another retry or delete took it).
     */
    boolean take(String application, String queue, String jobId, Consumer<BuriedRow> work);

    boolean delete(String application, String queue, String jobId);

    /** How many buried jobs the application has. */
    long count(String application);
}
