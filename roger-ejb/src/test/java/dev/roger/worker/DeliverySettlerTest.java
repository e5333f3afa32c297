package dev.roger.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.FakeChannel;
import dev.roger.amqp.FakeChannel.Settlement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each delivery is settled exactly once on its channel, whatever asks for it later. */
class DeliverySettlerTest {

    private final FakeChannel fake = new FakeChannel();
    // settling a delivery that is not detached needs no long-job records
    private final DeliverySettler settler = new DeliverySettler(fake.channel(), null);

    private static RunningJob delivery(long tag) {
        return new RunningJob("app", "default", tag, Thread.currentThread());
    }

    @Test
    void anAckAfterARequeueDoesNothing() throws Exception {
        RunningJob job = delivery(7);

        settler.requeue(job);
        settler.ack(job);

        assertEquals(List.of(new Settlement(7, false, true)), fake.settlements());
    }

    @Test
    void aSecondAckDoesNothing() throws Exception {
        RunningJob job = delivery(7);

        settler.ack(job);
        settler.ack(job);

        assertEquals(List.of(new Settlement(7, true, false)), fake.settlements());
    }

    @Test
    void aRequeueAfterAnAckDoesNothing() throws Exception {
        RunningJob job = delivery(7);

        settler.ack(job);
        settler.requeue(job);

        assertEquals(List.of(new Settlement(7, true, false)), fake.settlements());
    }

    @Test
    void aRequeueOnAClosedChannelIsLeftToTheBrokerAndSettlesTheDelivery() throws Exception {
        RunningJob job = delivery(7);
        fake.closeByBroker();

        settler.requeue(job);
        settler.ack(job); // would throw on the closed channel, were the delivery not settled

        assertTrue(fake.settlements().isEmpty());
    }

    @Test
    void eachDeliveryIsSettledOnItsOwn() throws Exception {
        RunningJob first = delivery(1);
        RunningJob second = delivery(2);

        settler.ack(first);
        settler.requeue(second);

        assertEquals(List.of(new Settlement(1, true, false), new Settlement(2, false, true)), fake.settlements());
    }
}
