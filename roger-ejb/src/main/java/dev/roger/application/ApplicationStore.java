package dev.roger.application;

import java.util.Map;
import java.util.Optional;

/**
 * Applications started, reconfigured or stopped at run time on an instance, so they come back as they
 * were after a restart. A stopped application is remembered too, so the configuration does not
 * bring it back.
 */
public interface ApplicationStore {

    void save(String instance, String application, Map<String, Integer> queues);

    void stopped(String instance, String application);

    /** Application name to its queues, or empty for one stopped at run time. */
    Map<String, Optional<Map<String, Integer>>> of(String instance);
}
