package dev.roger.amqp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.roger.config.BrokerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BrokerTest {

    @Test
    void aUriThatCannotBeParsedLeavesItsPasswordOutOfTheErrorAndItsCauses() {
        // refused by the parser, whose message quotes the URI (a space: java.net.URI quotes the whole input)
        BrokerSettings settings = new BrokerSettings(
                Optional.of("amqp://roger:s3cret-pw@host:56 72/"),
                List.of(),
                "/",
                "guest",
                "guest",
                Duration.ofSeconds(30),
                false,
                Duration.ofSeconds(30));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new Broker(settings, Executors.defaultThreadFactory(), "test"));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("s3cret-pw"), t.toString());
        }
    }
}
