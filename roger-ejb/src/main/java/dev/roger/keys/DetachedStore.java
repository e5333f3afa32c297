package dev.roger.keys;

import java.util.List;

/**
 * Jobs that run longer than the broker lets a delivery stay unacknowledged: their message was
 * acknowledged early and they are kept here until they finish. Those of an instance that died are
 * published again by the recovery.
 */
public interface DetachedStore {

    void detach(String application, String queue, String jobId, String instance, String body);

    void finished(String application, String jobId);

    /**
     * Claims the long jobs of dead instances for this one; the caller publishes each again and then
     * calls {@link #finished}. A claimer that dies in between leaves the row to be claimed again.
     */
    List<HeldJob> claimOrphans(long deadBefore, String claimer);

    /** Long jobs this instance ran in an earlier life (it restarted under the same name): publish them again. */
    List<HeldJob> ownedBy(String instance);
}
