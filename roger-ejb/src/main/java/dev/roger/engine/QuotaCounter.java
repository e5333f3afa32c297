package dev.roger.engine;

import dev.roger.amqp.QueueNames;
import dev.roger.application.BrokerQueueCounter;
import dev.roger.buried.BuriedStore;
import dev.roger.buried.ParkedStore;
import dev.roger.job.JobState;
import dev.roger.quota.Quotas;
import dev.roger.schedule.ScheduledStore;

/**
 * Counts an application's jobs for its quota: the messages in its queues at the broker (passive
 * declares on one channel: ready ones, as RabbitMQ counts them), its scheduled and retrying rows, and
 * its parked and buried rows. A queue the broker cannot count counts as empty: a quota never refuses
 * on a guess.
 */
final class QuotaCounter implements Quotas.Counter {

    private final KnownQueues queues;
    private final BrokerQueueCounter brokerQueues;
    private final ScheduledStore scheduled;
    private final BuriedStore buried;
    private final ParkedStore parked;

    QuotaCounter(
            KnownQueues queues,
            BrokerQueueCounter brokerQueues,
            ScheduledStore scheduled,
            BuriedStore buried,
            ParkedStore parked) {
        this.queues = queues;
        this.brokerQueues = brokerQueues;
        this.scheduled = scheduled;
        this.buried = buried;
        this.parked = parked;
    }

    @Override
    public long waiting(String application) {
        long queued = brokerQueues.messages(queues.of(application).stream()
                .map(queue -> QueueNames.main(application, queue))
                .toList());
        return queued
                + scheduled.count(application, JobState.SCHEDULED)
                + scheduled.count(application, JobState.RETRYING);
    }

    @Override
    public long parked(String application) {
        return parked.count(application) + buried.count(application);
    }
}
