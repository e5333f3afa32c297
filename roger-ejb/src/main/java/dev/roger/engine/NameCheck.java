package dev.roger.engine;

import dev.roger.api.UnknownApplicationException;
import dev.roger.spi.Names;

/**
 * The names an operation may use: an application or queue name that breaks the naming rule, or a
 * queue no instance of the cluster started, is unknown before anything reaches the broker or the
 * database.
 */
final class NameCheck {

    private final KnownQueues knownQueues;

    NameCheck(KnownQueues knownQueues) {
        this.knownQueues = knownQueues;
    }

    /**
     * The queue belongs to a Roger application: this instance runs it, or some instance of the
     * cluster started it. Only then may an operation touch {@code application-queue} on the broker,
     * which could otherwise name any queue of the virtual host ({@code orders} + {@code v2-events}).
     */
    boolean hasQueue(String application, String queue) {
        return Names.isValid(application) && Names.isValid(queue) && knownQueues.has(application, queue);
    }

    void requireQueue(String application, String queue) {
        if (!hasQueue(application, queue)) {
            throw new UnknownApplicationException("no queue '" + queue + "' of application '" + application + "'");
        }
    }

    /** Names that break the naming rule belong to no application: nothing is looked up for them. */
    static void requireApplicationName(String application) {
        if (!Names.isValid(application)) {
            throw new UnknownApplicationException(
                    "no application '" + application + "' (names are " + Names.rule() + ")");
        }
    }
}
