package dev.roger.engine;

import dev.roger.cluster.Maintenance;
import dev.roger.lifecycle.JobLifecycle;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Logger;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The engine's status on the platform MBean server, for the health checks and for operators' JMX tools. */
final class EngineStatus implements EngineStatusMXBean {

    private static final String DOMAIN = "dev.roger";
    private static final Logger LOG = Logger.getLogger(EngineStatus.class.getName());

    private final String instance;
    private final BrokerLink brokerLink;
    private final Maintenance maintenance;
    private final ApplicationControl applications;
    private final JobLifecycle lifecycle;
    private ObjectName name;

    EngineStatus(
            String instance,
            BrokerLink brokerLink,
            Maintenance maintenance,
            ApplicationControl applications,
            JobLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.instance = instance;
        this.brokerLink = brokerLink;
        this.maintenance = maintenance;
        this.applications = applications;
    }

    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName wanted = new ObjectName(DOMAIN + ":type=Engine,instance=" + ObjectName.quote(instance));
            server.registerMBean(this, wanted);
            name = wanted;
        } catch (InstanceAlreadyExistsException e) {
            LOG.warning(() -> "Another Roger engine in this JVM is already called '" + instance
                    + "'; give each its own roger.instance.name. This one reports no health.");
        } catch (JMException e) {
            LOG.warning(() -> "Cannot publish Roger's status over JMX; health checks will report it missing: " + e);
        }
    }

    void unregister() {
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                LOG.fine(() -> "status MBean already gone: " + e);
            }
            name = null;
        }
    }

    @Override
    public String getInstance() {
        return instance;
    }

    @Override
    public boolean isBrokerConnected() {
        return brokerLink.connected();
    }

    @Override
    public String getBrokerBlocked() {
        return brokerLink.blocked().orElse("");
    }

    @Override
    public String getDatabaseProblem() {
        // what the last heartbeat found: no query here
        return maintenance.databaseProblem().orElse("");
    }

    @Override
    public List<String> getWaitingApplications() {
        return applications.waiting();
    }

    @Override
    public long getMillisSinceLastTick() {
        return brokerLink.sinceLastTick().toMillis();
    }

    @Override
    public long getIllegalStateChanges() {
        return lifecycle.illegalChanges();
    }

    @Override
    public long getListenerFailures() {
        return lifecycle.listenerFailures();
    }
}
