package dev.roger.engine;

import dev.roger.config.ConfigReader;
import dev.roger.config.InvalidConfigurationException;
import dev.roger.config.RogerConfig;
import dev.roger.job.JobTypes;
import dev.roger.state.SharedState;
import dev.roger.worker.JobEvents;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Ties Roger to the deployment: starts it at deploy (a bad configuration value fails the deployment
 * here, naming its key) and stops it gracefully at undeploy or server shutdown.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Roger commits its own JDBC work; a container transaction around start-up (WildFly opens one) forbids that.
@TransactionManagement(TransactionManagementType.BEAN)
public class RogerEngine {

    /** Set by {@code scripts/run} and the tests; any launcher may set it. */
    static final String HTTP_PORT_PROPERTY = "roger.http.port";

    private static final Logger LOG = Logger.getLogger(RogerEngine.class.getName());

    @Inject
    RogerConfig config;

    @Inject
    BeanManager beanManager;

    @Resource
    ManagedThreadFactory threadFactory;

    private Roger roger;

    @PostConstruct
    void start() {
        LOG.info(() -> "Roger starts with " + config);
        JobTypes jobTypes = new JobTypes(beanManager);
        String instance = config.cluster().instanceName().orElseGet(RogerEngine::defaultInstanceName);
        SharedState state = SharedState.on(dataSource(), config.cluster().databaseTimeout());
        roger = new Roger(
                config,
                instance,
                state,
                jobTypes,
                new JobEvents(beanManager),
                new Roger.ServerThreads(threadFactory, config.workersExecutor().map(RogerEngine::executor)));
        LOG.info(() -> "Roger started as instance '" + instance + "'; job types " + jobTypes.names());
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

    // the name is the operator's setting (roger.datasource), looked up in the server's own naming
    // context as Jakarta EE intends; @Resource cannot take a name known only at run time
    @SuppressWarnings("BanJNDI")
    private DataSource dataSource() {
        String name = config.cluster().dataSource();
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException | ClassCastException e) {
            throw new InvalidConfigurationException(
                    ConfigReader.DATASOURCE, name, "no DataSource has this JNDI name (" + e.getMessage() + ")");
        }
    }

    /** The ManagedExecutorService of {@code roger.workers.executor}, looked up by its JNDI name. */
    @SuppressWarnings("BanJNDI")
    private static Executor executor(String name) {
        try {
            return (ManagedExecutorService) new InitialContext().lookup(name);
        } catch (NamingException | ClassCastException e) {
            throw new InvalidConfigurationException(
                    ConfigReader.WORKERS_EXECUTOR,
                    name,
                    "no ManagedExecutorService has this JNDI name (" + e.getMessage() + ")");
        }
    }

    /**
     * Host name plus the HTTP port when the launcher names it ({@code -Droger.http.port}, as
     * {@code scripts/run} does: stable across restarts), else plus this JVM's process id: a server
     * started any other way still gets a name no other server process on the host has.
     */
    static String defaultInstanceName() {
        return defaultInstanceName(
                hostName(),
                System.getProperty(HTTP_PORT_PROPERTY),
                ProcessHandle.current().pid());
    }

    static String defaultInstanceName(String host, String httpPort, long pid) {
        return httpPort == null || httpPort.isBlank() ? host + ":pid" + pid : host + ":" + httpPort.trim();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
