package dev.roger.buried;

import java.util.List;
import java.util.function.Consumer;

/**
 * Messages that could not run (not a job, an unknown type, unreadable args, a job whose worker kept
 * dying), kept whole in the shared database with the reason until an operator retries or deletes them.
 */
public interface ParkedStore {

    /** Stores the message; the same parked id twice (a drain repeated after a crash) is stored once. */
    void park(ParkedRow row);

    /** Oldest first. */
    default List<ParkedRow> list(String application, int limit) {
        return list(application, 0, limit);
    }

    /** Oldest first, from the one after {@code afterSeq} (0 for the start). */
    List<ParkedRow> list(String application, long afterSeq, int limit);

    /** Like {@link BuriedStore#take}: the row goes only when the work (publishing it again) succeeded. */
    boolean take(String application, String parkedId, Consumer<ParkedRow> work);

    boolean delete(String application, String parkedId);

    /** How many parked messages the application has. */
    long count(String application);
}
