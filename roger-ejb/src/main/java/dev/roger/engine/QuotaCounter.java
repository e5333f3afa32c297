package dev.roger.engine;

import dev.roger.amqp.Broker;
import dev.roger.amqp.QueueNames;
import dev.roger.buried.BuriedStore;
import dev.roger.buried.ParkedStore;
import dev.roger.job.JobState;
import dev.roger.quota.Quotas;
import dev.roger.schedule.ScheduledStore;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Counts an application's jobs for its quota: the messages in its queues at the broker (a passive
 * declare each: ready ones, as RabbitMQ counts them), its scheduled and retrying rows, and its parked
 * and buried rows. A queue the broker cannot count counts as empty: a quota never refuses on a guess.
 */
final class QuotaCounter implements Quotas.Counter {

    private final KnownQueues queues;
    private final Broker broker;
    private final ScheduledStore scheduled;
    private final BuriedStore buried;
    private final ParkedStore parked;

    QuotaCounter(KnownQueues queues, Broker broker, ScheduledStore scheduled, BuriedStore buried, ParkedStore parked) {
        this.queues = queues;
        this.broker = broker;
        this.scheduled = scheduled;
        this.buried = buried;
        this.parked = parked;
    }

    @Override
    public long waiting(String application) {
        long queued = 0;
        for (String queue : queues.of(application)) {
            queued += messages(QueueNames.main(application, queue));
        }
        return queued
                + scheduled.count(application, JobState.SCHEDULED)
                + scheduled.count(application, JobState.RETRYING);
    }

    @Override
    public long parked(String application) {
        return parked.count(application) + buried.count(application);
    }

    private long messages(String queue) {
        try {
            return broker.withChannel(
                    channel -> (long) channel.queueDeclarePassive(queue).getMessageCount());
        } catch (IOException | TimeoutException | RuntimeException e) {
            return 0;
        }
    }
}
