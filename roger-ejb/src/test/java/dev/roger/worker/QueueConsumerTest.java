package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.FakeChannel.Settlement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consumer settles each delivery exactly once on its channel, whatever asks for it later. */
class QueueConsumerTest {

    private final FakeChannel fake = new FakeChannel();
    // settling a delivery that is not detached needs none of the worker services
    private final QueueConsumer consumer =
            new QueueConsumer("app", "default", fake.channel(), null, new QueueCounters());

    @Test
    void anAckAfterARequeueDoesNothing() throws Exception {
        RunningJob job = consumer.register(7, Thread.currentThread());

        consumer.requeue(job);
        consumer.ack(job);

        assertEquals(List.of(new Settlement(7, false, true)), fake.settlements());
    }

    @Test
    void aSecondAckDoesNothing() throws Exception {
        RunningJob job = consumer.register(7, Thread.currentThread());

        consumer.ack(job);
        consumer.ack(job);

        assertEquals(List.of(new Settlement(7, true, false)), fake.settlements());
    }

    @Test
    void aRequeueAfterAnAckDoesNothing() throws Exception {
        RunningJob job = consumer.register(7, Thread.currentThread());

        consumer.ack(job);
        consumer.requeue(job);

        assertEquals(List.of(new Settlement(7, true, false)), fake.settlements());
    }

    @Test
    void aRequeueOnAClosedChannelIsLeftToTheBrokerAndSettlesTheDelivery() throws Exception {
        RunningJob job = consumer.register(7, Thread.currentThread());
        fake.closeByBroker();

        consumer.requeue(job);
        consumer.ack(job); // would throw on the closed channel, were the delivery not settled

        assertTrue(fake.settlements().isEmpty());
    }

    @Test
    void eachDeliveryIsSettledOnItsOwn() throws Exception {
        RunningJob first = consumer.register(1, Thread.currentThread());
        RunningJob second = consumer.register(2, Thread.currentThread());

        consumer.ack(first);
        consumer.requeue(second);

        assertEquals(List.of(new Settlement(1, true, false), new Settlement(2, false, true)), fake.settlements());
        consumer.unregister(1);
        consumer.unregister(2);
        assertEquals(0, consumer.runningCount());
    }
}
