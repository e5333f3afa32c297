package dev.roger.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuePublisherBackoffTest {

    @Test
    void aRowWhosePublishFailsWaitsTwiceAsLongEachTimeUpToAMinute() {
        assertEquals(Duration.ofSeconds(1), DuePublisher.backoff(0));
        assertEquals(Duration.ofSeconds(2), DuePublisher.backoff(1));
        assertEquals(Duration.ofSeconds(4), DuePublisher.backoff(2));
        assertEquals(Duration.ofSeconds(32), DuePublisher.backoff(5));
        assertEquals(Duration.ofSeconds(60), DuePublisher.backoff(6));
        assertEquals(Duration.ofSeconds(60), DuePublisher.backoff(1_000), "no overflow after many failures");
    }
}
