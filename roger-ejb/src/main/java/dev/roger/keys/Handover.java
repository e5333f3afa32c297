package dev.roger.keys;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The one way a held job goes back to the broker: republished and confirmed first, then marked in
 * the database. A crash between the two leaves the mark undone, so the recovery publishes the job
 * again: at most a duplicate, never a loss.
 */
final class Handover {

    private final Republisher republisher;

    Handover(Republisher republisher) {
        this.republisher = republisher;
    }

    void handBack(HeldJob job, Consumer<HeldJob> mark) throws IOException {
        republisher.republish(job);
        mark.accept(job);
    }
}
