package dev.roger.cluster;

import dev.roger.application.QueueRef;
import java.util.Set;

/** Paused queues, cluster-wide; an instance that starts later reads them before it consumes. */
public interface PauseStore {

    void pause(String application, String queue);

    void resume(String application, String queue);

    Set<QueueRef> paused();
}
