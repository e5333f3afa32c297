package dev.roger.engine;

import dev.roger.config.RogerConfig;
import dev.roger.job.JobTypes;
import dev.roger.worker.JobEvents;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.util.logging.Logger;

/**
 * Ties Roger to the deployment: starts it at deploy (a bad configuration value fails the deployment
 * here, naming its key) and stops it gracefully at undeploy or server shutdown.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class RogerEngine {

    private static final Logger LOG = Logger.getLogger(RogerEngine.class.getName());

    @Inject
    RogerConfig config;
    @Inject
    BeanManager beanManager;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedThreadFactory threadFactory;

    private Roger roger;

    @PostConstruct
    void start() {
        LOG.info(() -> "Roger starts with " + config);
        JobTypes jobTypes = new JobTypes(beanManager);
        roger = new Roger(config, jobTypes, new JobEvents(beanManager), threadFactory, scheduler, "roger@" + hostName());
        LOG.info(() -> "Roger started; job types " + jobTypes.names());
    }

    @PreDestroy
    void stop() {
        LOG.info(() -> "Roger stops: waiting up to " + config.shutdownTimeout().toSeconds() + " s for running jobs");
        roger.stop();
        LOG.info("Roger stopped");
    }

    /** The running engine; called once by the service, so job calls do not pass through the EJB container. */
    public Roger roger() {
        return roger;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
