package dev.roger.engine;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.RogerService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The injectable {@link RogerService}. */
@ApplicationScoped
public class DefaultRogerService implements RogerService {

    @Inject
    RogerEngine engine;
    private Roger roger;

    @PostConstruct
    void init() {
        roger = engine.roger();
    }

    @Override
    public String enqueue(String application, String jobType, Object args, EnqueueOptions options) {
        return roger.enqueue(application, jobType, args, orDefaults(options));
    }

    @Override
    public CompletableFuture<String> enqueueAsync(String application, String jobType, Object args, EnqueueOptions options) {
        return roger.enqueueAsync(application, jobType, args, orDefaults(options));
    }

    @Override
    public void startApplication(String application, Map<String, Integer> queues) {
        roger.applications().start(application, queues);
    }

    @Override
    public void reconfigureApplication(String application, Map<String, Integer> queues) {
        roger.applications().reconfigure(application, queues);
    }

    @Override
    public void stopApplication(String application) {
        roger.applications().stop(application);
    }

    @Override
    public void safeStopApplication(String application) {
        roger.applications().safeStop(application);
    }

    @Override
    public List<ApplicationInfo> applications() {
        return roger.applicationInfo();
    }

    @Override
    public List<String> jobTypes() {
        return roger.jobTypeNames();
    }

    private static EnqueueOptions orDefaults(EnqueueOptions options) {
        return options == null ? EnqueueOptions.DEFAULTS : options;
    }
}
