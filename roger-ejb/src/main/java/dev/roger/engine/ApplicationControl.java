package dev.roger.engine;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.RunningJobInfo;
import dev.roger.application.ApplicationRegistry;
import dev.roger.application.ApplicationStore;
import dev.roger.application.LocalApplications;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The applications of this instance as users and operators manage them: what is started,
 * reconfigured or stopped at run time is saved, so a restart brings the applications back as they
 * were, whatever the configuration says.
 */
final class ApplicationControl {

    private static final Logger LOG = Logger.getLogger(ApplicationControl.class.getName());

    private final ApplicationRegistry applications;
    private final LocalApplications local;
    private final ApplicationStore saved;
    private final String instance;
    private final Map<String, Map<String, Integer>> configured;

    /**
     * @param configured the applications of {@code roger.applications}, started at boot unless
     *                   changed at run time
     */
    ApplicationControl(
            LocalApplications local,
            ApplicationStore saved,
            String instance,
            Map<String, Map<String, Integer>> configured) {
        this.local = local;
        this.applications = local.registry();
        this.saved = saved;
        this.instance = instance;
        this.configured = configured;
    }

    /**
     * At start: the configured applications, with what was started, reconfigured or stopped at run time
     * winning. Returns what their queues' concurrencies add up to.
     */
    int startAll() {
        Map<String, Map<String, Integer>> wanted = wanted(configured, saved.of(instance));
        wanted.forEach((name, queues) -> {
            try {
                applications.start(name, queues);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "cannot start application '" + name + "'", e);
            }
        });
        return wanted.values().stream()
                .flatMap(queues -> queues.values().stream())
                .mapToInt(Integer::intValue)
                .sum();
    }

    /**
     * The applications to start, in order: the configured ones, then those started at run time;
     * the queues saved at run time replace the configured ones, and one stopped at run time is left out.
     *
     * @param savedAtRunTime application to its queues, or empty for one stopped at run time
     */
    static Map<String, Map<String, Integer>> wanted(
            Map<String, Map<String, Integer>> configured, Map<String, Optional<Map<String, Integer>>> savedAtRunTime) {
        Map<String, Map<String, Integer>> wanted = new LinkedHashMap<>(configured);
        savedAtRunTime.forEach((name, queues) -> {
            if (queues.isPresent()) {
                wanted.put(name, queues.get());
            } else {
                wanted.remove(name);
            }
        });
        return wanted;
    }

    void start(String application, Map<String, Integer> queues) {
        applications.start(application, queues);
        saved.save(instance, application, queues);
    }

    void reconfigure(String application, Map<String, Integer> queues) {
        applications.reconfigure(application, queues);
        saved.save(instance, application, queues);
    }

    /** Safe: no new jobs, the running ones finish; otherwise they are interrupted and return to their queues. */
    void stop(String application, boolean safe) {
        if (safe) {
            applications.safeStop(application);
        } else {
            applications.stop(application);
        }
        saved.stopped(instance, application);
    }

    List<ApplicationInfo> info() {
        return local.status().info();
    }

    List<RunningJobInfo> runningJobs() {
        return local.running().list(instance);
    }

    /** Applications that are not consuming because the broker is unreachable. */
    List<String> waiting() {
        return applications.waiting();
    }
}
