package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.roger.config.QueueType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueNamesTest {

    @Test
    void namesFollowTheOriginalRoger() {
        assertEquals("myapp-default", QueueNames.main("myapp", "default"));
        assertEquals("myapp-default.retry.35", QueueNames.retry("myapp", "default", 35));
        assertEquals("myapp-default.buried", QueueNames.buried("myapp", "default"));
        assertEquals("myapp.parked", QueueNames.parked("myapp"));
    }

    @Test
    void aRetryQueueDeadLettersBackToItsMainQueueAfterItsDelayAndNeverExpires() {
        Map<String, Object> arguments =
                new Topology(QueueType.QUORUM, null).delayedArguments(BrokerVersion.of("4.0.5"), "myapp", "other", 5);
        assertEquals(5000L, arguments.get("x-message-ttl"));
        assertEquals("", arguments.get("x-dead-letter-exchange"));
        assertEquals("myapp-other", arguments.get("x-dead-letter-routing-key"));
        assertEquals("quorum", arguments.get("x-queue-type"));
        assertFalse(arguments.containsKey("x-expires"), "x-expires could delete a retry queue with jobs in it");
    }
}
