package dev.roger.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach RabbitMQ.
 *
 * @param uri an AMQP URI that sets host, port, credentials, virtual host and TLS at once, if given
 * @param addresses {@code host:port} of every node of a broker cluster; the client tries them in turn
 * @param confirmTimeout how long a publish waits for the broker's confirm before it counts as failed
 */
public record BrokerSettings(
        Optional<String> uri,
        List<String> addresses,
        String virtualHost,
        String username,
        String password,
        Duration heartbeat,
        boolean tls,
        Duration confirmTimeout) {

    /** Never shows the password or the URI (which may hold one). */
    @Override
    public String toString() {
        return "BrokerSettings[addresses=" + addresses + ", virtualHost=" + virtualHost + ", username=" + username
                + ", heartbeat=" + heartbeat + ", tls=" + tls + ", confirmTimeout=" + confirmTimeout + ", uri="
                + uri.map(u -> "<set>").orElse("<none>") + "]";
    }
}
