package dev.roger.engine;

import dev.roger.amqp.Broker;
import dev.roger.amqp.Topology;
import dev.roger.api.ApplicationInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.application.ApplicationRegistry;
import dev.roger.config.RogerConfig;
import dev.roger.job.ArgsCodec;
import dev.roger.job.JobCodec;
import dev.roger.job.JobTypes;
import dev.roger.worker.JobEvents;
import dev.roger.worker.JobRouting;
import dev.roger.worker.RetryPolicy;
import dev.roger.worker.WorkerServices;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running Roger: the broker connections, the applications and their workers. Plain Java, owned
 * by {@link RogerEngine}, which ties its life to the deployment.
 */
public final class Roger {

    private static final Logger LOG = Logger.getLogger(Roger.class.getName());

    private final RogerConfig config;
    private final JobTypes jobTypes;
    private final ArgsCodec argsCodec = new ArgsCodec();
    private final ExecutorService workers;
    private final Broker broker;
    private final ApplicationRegistry applications;
    private final Enqueuer enqueuer;
    private final ScheduledFuture<?> reconnect;

    Roger(RogerConfig config, JobTypes jobTypes, JobEvents events, ThreadFactory threadFactory,
          ScheduledExecutorService scheduler, String instanceName) {
        this.config = config;
        this.jobTypes = jobTypes;
        JobCodec codec = new JobCodec();
        Topology topology = new Topology(config.queueType());
        this.workers = WorkerPool.create(threadFactory);
        this.broker = new Broker(config.broker(), threadFactory, instanceName);
        WorkerServices services = new WorkerServices(codec, argsCodec, jobTypes, new JobRouting(broker, topology, codec),
                new RetryPolicy(config.retryDelays()), events, workers, scheduler);
        this.applications = new ApplicationRegistry(broker, topology, services);
        this.enqueuer = new Enqueuer(applications, jobTypes, argsCodec, codec, broker);
        connect();
        config.applications().forEach((name, queues) -> {
            try {
                applications.start(name, queues);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "cannot start configured application '" + name + "'", e);
            }
        });
        this.reconnect = scheduler.scheduleWithFixedDelay(this::keepConnected, 1, 1, TimeUnit.SECONDS);
    }

    private void keepConnected() {
        try {
            if (!broker.isConnected()) {
                connect();
            }
            applications.startWaiting();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "reconnecting", e);
        }
    }

    private void connect() {
        try {
            broker.connect();
        } catch (Exception e) {
            LOG.warning(() -> "RabbitMQ cannot be reached (" + e.getMessage()
                    + "); applications wait and Roger tries again every second");
        }
    }

    /** Graceful: stop consuming, wait up to the shutdown timeout, return what still runs to its queue. */
    void stop() {
        reconnect.cancel(false);
        applications.shutdown(config.shutdownTimeout());
        broker.close();
        workers.shutdownNow();
        argsCodec.close();
    }

    String enqueue(String application, String jobType, Object args, EnqueueOptions options) {
        return enqueuer.enqueue(application, jobType, args, options);
    }

    CompletableFuture<String> enqueueAsync(String application, String jobType, Object args, EnqueueOptions options) {
        return enqueuer.enqueueAsync(application, jobType, args, options);
    }

    ApplicationRegistry applications() {
        return applications;
    }

    List<ApplicationInfo> applicationInfo() {
        return applications.info();
    }

    List<String> jobTypeNames() {
        return jobTypes.names();
    }

    boolean isBrokerConnected() {
        return broker.isConnected();
    }
}
