package dev.roger.cluster;

import dev.roger.application.QueueRef;
import dev.roger.worker.CancelStore;
import dev.roger.worker.CancelsAndPauses;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every worker checks per job, kept in memory so a job costs no database round trip: the
 * pending cancels and the paused queues. The bus keeps it current; a periodic reload from the
 * database repairs anything a lost broadcast missed.
 */
public final class ClusterCancelsAndPauses implements CancelsAndPauses {

    private final Set<String> cancels = ConcurrentHashMap.newKeySet();
    private final Set<QueueRef> paused = ConcurrentHashMap.newKeySet();

    @Override
    public boolean isCancelled(String application, String jobId) {
        return cancels.contains(CancelStore.key(application, jobId));
    }

    public void cancelled(String application, String jobId) {
        cancels.add(CancelStore.key(application, jobId));
    }

    @Override
    public void cancelHandled(String application, String jobId) {
        cancels.remove(CancelStore.key(application, jobId));
    }

    @Override
    public boolean isPaused(String application, String queue) {
        return paused.contains(new QueueRef(application, queue));
    }

    public void paused(String application, String queue) {
        paused.add(new QueueRef(application, queue));
    }

    public void resumed(String application, String queue) {
        paused.remove(new QueueRef(application, queue));
    }

    /** A copy to take before reading the database, for {@link #reload}. */
    public Snapshot snapshot() {
        return new Snapshot(Set.copyOf(cancels), Set.copyOf(paused));
    }

    public record Snapshot(Set<String> cancels, Set<QueueRef> paused) {}

    /**
     * Brings the cache in line with the database. Only entries already cached before the read may be
     * removed, so a broadcast that arrived during the read is never undone.
     */
    public void reload(Snapshot before, Set<String> pendingCancels, Set<QueueRef> pausedQueues) {
        cancels.addAll(pendingCancels);
        before.cancels().stream().filter(c -> !pendingCancels.contains(c)).forEach(cancels::remove);
        paused.addAll(pausedQueues);
        before.paused().stream().filter(p -> !pausedQueues.contains(p)).forEach(paused::remove);
    }
}
