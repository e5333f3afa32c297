package dev.roger.application;

import dev.roger.amqp.Broker;
import dev.roger.application.QueueCounts.Counts;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Counts with passive declares, all on one channel of its own per round. A queue RabbitMQ does not
 * have closes the channel; the queues after it get a fresh one.
 */
public final class BrokerQueueCounter implements QueueCounts.Counter {

    private final Broker broker;

    public BrokerQueueCounter(Broker broker) {
        this.broker = broker;
    }

    @Override
    public Map<String, Counts> count(List<String> queues) {
        Map<String, Counts> counts = new HashMap<>();
        int[] next = {0};
        while (next[0] < queues.size()) {
            try {
                broker.withChannel(channel -> {
                    for (; next[0] < queues.size(); next[0]++) {
                        var ok = channel.queueDeclarePassive(queues.get(next[0]));
                        counts.put(queues.get(next[0]), new Counts(ok.getMessageCount(), ok.getConsumerCount()));
                    }
                    return null;
                });
            } catch (IOException | TimeoutException | RuntimeException e) {
                counts.put(queues.get(next[0]), Counts.UNKNOWN);
                next[0]++;
            }
        }
        return counts;
    }

    /** The messages in the queues (ready ones, as RabbitMQ counts them); a queue it cannot count adds 0. */
    public long messages(List<String> queues) {
        return count(queues).values().stream()
                .mapToLong(c -> Math.max(0, c.messages()))
                .sum();
    }
}
