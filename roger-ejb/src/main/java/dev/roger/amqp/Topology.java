package dev.roger.amqp;

import com.rabbitmq.client.Channel;
import dev.roger.config.QueueType;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Declares Roger's queues with their arguments; all declarations are idempotent. */
public final class Topology {

    private final QueueType queueType;

    public Topology(QueueType queueType) {
        this.queueType = queueType;
    }

    public void declareMain(Channel channel, String application, String queue) throws IOException {
        channel.queueDeclare(QueueNames.main(application, queue), true, false, false, typed());
    }

    public void declareBuried(Channel channel, String application, String queue) throws IOException {
        channel.queueDeclare(QueueNames.buried(application, queue), true, false, false, typed());
    }

    public void declareParked(Channel channel, String application) throws IOException {
        channel.queueDeclare(QueueNames.parked(application), true, false, false, typed());
    }

    /**
     * A retry level: messages expire after the delay and are dead-lettered back to the main queue.
     * Unlike the original there is no {@code x-expires}: it could delete the queue with jobs in it.
     */
    public void declareRetry(Channel channel, String application, String queue, int delaySeconds) throws IOException {
        channel.queueDeclare(QueueNames.retry(application, queue, delaySeconds), true, false, false,
                retryArguments(application, queue, delaySeconds));
    }

    public void declareDelay(Channel channel, String application, String queue, int delaySeconds) throws IOException {
        channel.queueDeclare(QueueNames.delay(application, queue, delaySeconds), true, false, false,
                retryArguments(application, queue, delaySeconds));
    }

    public Map<String, Object> retryArguments(String application, String queue, int delaySeconds) {
        Map<String, Object> arguments = typed();
        arguments.put("x-message-ttl", delaySeconds * 1000L);
        arguments.put("x-dead-letter-exchange", "");
        arguments.put("x-dead-letter-routing-key", QueueNames.main(application, queue));
        return arguments;
    }

    private Map<String, Object> typed() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("x-queue-type", queueType.argument());
        return arguments;
    }
}
