package dev.roger.worker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import dev.roger.amqp.QueueNames;
import dev.roger.budget.WorkerBudget;
import dev.roger.ratelimit.RateLimits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer of one application queue on this instance: one channel whose prefetch equals the
 * queue's concurrency, so the broker never hands this instance more jobs of the queue than it may
 * run at once. Each delivery is worked on the managed executor once the instance's worker budget has
 * a place for it; until then it waits, unacknowledged, in its application's line.
 */
public final class QueueConsumer {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class.getName());

    private final String application;
    private final String queue;
    private final Channel channel;
    private final WorkerBudget budget;
    private final RateLimits rateLimits;
    private final Worker worker;
    private final DeliverySettler settler;
    private final ConcurrentMap<Long, RunningJob> running = new ConcurrentHashMap<>();
    private volatile int concurrency;
    private volatile String consumerTag;
    private volatile boolean paused;

    QueueConsumer(
            String application,
            String queue,
            Channel channel,
            WorkerBudget budget,
            RateLimits rateLimits,
            Worker worker,
            DeliverySettler settler) {
        this.application = application;
        this.queue = queue;
        this.channel = channel;
        this.budget = budget;
        this.rateLimits = rateLimits;
        this.worker = worker;
        this.settler = settler;
    }

    /** Consumes with the given concurrency; 0 stops consuming but keeps the queue. A paused queue waits. */
    public synchronized void consume(int concurrency) throws IOException {
        if (consumerTag != null && concurrency == this.concurrency) {
            return;
        }
        stopConsuming();
        this.concurrency = concurrency;
        if (concurrency > 0 && !paused) {
            // per-consumer prefetch applies to consumers started after it is set
            channel.basicQos(concurrency);
            consumerTag = channel.basicConsume(brokerQueue(), false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(
                        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    dispatch(new Delivery(envelope, properties, body));
                }
            });
        }
    }

    /** Through the queue's and the application's rate limits (if any), then the worker budget, to a worker. */
    private void dispatch(Delivery delivery) {
        WorkerBudget.Job job = new WorkerBudget.Job() {
            @Override
            public void run() {
                work(delivery);
            }

            @Override
            public void notStarted() {
                worker.returnUnstarted(delivery);
                settler.requeueUnstarted(delivery.getEnvelope().getDeliveryTag());
            }
        };
        rateLimits.admit(application, queue, this, () -> budget.submit(application, this, job), job::notStarted);
    }

    /**
     * Returns the deliveries still waiting for a rate limit or the budget to the queue: they never start
     * here.
     */
    private void returnWaiting() {
        rateLimits.withdraw(application, this).forEach(Runnable::run);
        for (WorkerBudget.Job job : budget.withdraw(application, this)) {
            job.notStarted();
        }
    }

    /** The delivery is known as running (to cancel, abort, detach or list it) for as long as its worker works it. */
    private void work(Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        RunningJob job = new RunningJob(application, queue, tag, Thread.currentThread());
        running.put(tag, job);
        try {
            worker.work(job, delivery);
        } finally {
            running.remove(tag);
        }
    }

    /** Stops consuming while the queue is paused cluster-wide; running jobs finish, queued ones stay. */
    public synchronized void pause() {
        paused = true;
        stopConsuming();
    }

    public synchronized void resume() throws IOException {
        if (paused) {
            paused = false;
            consume(concurrency);
        }
    }

    public boolean isPaused() {
        return paused;
    }

    /** Interrupts the job if it runs here; true when it did. */
    public boolean cancelRunning(String jobId) {
        for (RunningJob job : running.values()) {
            if (jobId.equals(job.jobId())) {
                job.cancel();
                return true;
            }
        }
        return false;
    }

    /**
     * Acknowledges the messages of jobs running longer than the limit, after recording them in the
     * database, so the broker's consumer timeout never closes the channel under them; deliveries that
     * waited that long for the worker budget go back to the queue.
     */
    public void detachLongJobs(Duration limit) {
        returnLongWaiting(limit);
        Instant before = Instant.now().minus(limit);
        for (RunningJob job : running.values()) {
            if (job.message() != null && job.startedAt().isBefore(before)) {
                try {
                    if (settler.detach(job)) {
                        LOG.info(() -> "job " + job.jobId() + " runs longer than " + limit.toSeconds()
                                + " s: its message is acknowledged and the job is kept in the database until it ends");
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "could not detach long job " + job.jobId(), e);
                }
            }
        }
    }

    /**
     * Returns the deliveries that waited longer than the limit for a place in the worker budget to the
     * queue (noted as returned by Roger, so not counted as redeliveries) before the broker's consumer
     * timeout would close the channel under this queue's running jobs.
     */
    private void returnLongWaiting(Duration limit) {
        List<Runnable> lateForRate = rateLimits.withdrawWaitingLongerThan(application, this, limit);
        if (!lateForRate.isEmpty()) {
            LOG.info(() -> lateForRate.size() + " deliveries of " + brokerQueue() + " waited longer than "
                    + limit.toSeconds() + " s for a start of their rate limit: they go back to the queue");
            lateForRate.forEach(Runnable::run);
        }
        List<WorkerBudget.Job> late = budget.withdrawWaitingLongerThan(application, this, limit);
        if (!late.isEmpty()) {
            LOG.info(() -> late.size() + " deliveries of " + brokerQueue() + " waited longer than " + limit.toSeconds()
                    + " s for a place in the worker budget: they go back to the queue");
            late.forEach(WorkerBudget.Job::notStarted);
        }
    }

    /** Takes no new deliveries and returns those waiting for the worker budget; the running jobs go on. */
    public synchronized void stopConsuming() {
        cancel();
        returnWaiting();
    }

    /**
     * Cancels the consumer before anything goes back: a return frees prefetch, and a quorum queue hands
     * what it sends into that room to a consumer being cancelled back flagged redelivered, although no
     * worker saw it, which would count against {@code roger.max-deliveries}.
     */
    private void cancel() {
        String tag = consumerTag;
        consumerTag = null;
        if (tag != null && channel.isOpen()) {
            try {
                channel.basicCancel(tag);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not cancel consumer " + tag + " of " + brokerQueue(), e);
            }
        }
    }

    /** Waits until no job of this queue runs here, up to the deadline; true when idle. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while (!running.isEmpty()) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Interrupts the running jobs; their messages return to the queue. */
    public void abortRunning() {
        running.values().forEach(RunningJob::abort);
    }

    /** Closes the channel: the broker returns every unacknowledged message to the queue. */
    public synchronized void close() {
        cancel();
        returnWaiting();
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            LOG.log(Level.FINE, "closing the channel of " + brokerQueue(), e);
        }
    }

    public String application() {
        return application;
    }

    public String queue() {
        return queue;
    }

    public String brokerQueue() {
        return QueueNames.main(application, queue);
    }

    public int runningCount() {
        return running.size();
    }

    public List<RunningJob> runningJobs() {
        Collection<RunningJob> jobs = running.values();
        return List.copyOf(jobs);
    }
}
