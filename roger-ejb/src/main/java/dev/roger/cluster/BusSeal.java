package dev.roger.cluster;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;

/**
 * Signs what an instance sends on the bus and checks what it receives. Anyone who may write to the
 * virtual host can publish to {@code roger.bus}; only holders of the cluster key can sign. A
 * signature covers the time, a nonce, the sender, the call's correlation and reply queue and the
 * body; a message outside the time window, or whose nonce was seen within it, is a replay.
 */
final class BusSeal {

    static final String TIME = "x-roger-time";
    static final String NONCE = "x-roger-nonce";
    static final String SIGNATURE = "x-roger-signature";
    /** How far the clocks of two instances may differ, and how long a nonce is remembered. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    /** Far above what a cluster sends in a window; beyond it, messages are refused rather than memory grown. */
    static final int MOST_NONCES = 200_000;

    private final ThreadLocal<Mac> macs;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    /** Nonce to the time it was sent, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    BusSeal(ClusterKey key, LongSupplier clock) {
        byte[] busKey = key.derive("bus");
        this.macs = ThreadLocal.withInitial(() -> ClusterKey.newMac(busKey));
        this.clock = clock;
    }

    /** The properties with the time, nonce and signature headers added. */
    AMQP.BasicProperties sign(AMQP.BasicProperties properties, byte[] body) {
        long time = clock.getAsLong();
        byte[] nonceBytes = new byte[12];
        random.nextBytes(nonceBytes);
        String nonce = HexFormat.of().formatHex(nonceBytes);
        Map<String, Object> headers = new HashMap<>();
        if (properties.getHeaders() != null) {
            headers.putAll(properties.getHeaders());
        }
        headers.put(TIME, time);
        headers.put(NONCE, nonce);
        headers.put(SIGNATURE, Base64.getEncoder().encodeToString(signature(time, nonce, properties, body)));
        return properties.builder().headers(headers).build();
    }

    /** Empty if the message is authentic and new; otherwise why it is refused. */
    Optional<String> check(AMQP.BasicProperties properties, byte[] body) {
        Map<String, Object> headers = properties.getHeaders();
        if (headers == null
                || !(headers.get(TIME) instanceof Number time)
                || headers.get(NONCE) == null
                || headers.get(SIGNATURE) == null) {
            return Optional.of("unsigned");
        }
        String nonce = headers.get(NONCE).toString();
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(headers.get(SIGNATURE).toString());
        } catch (IllegalArgumentException e) {
            return Optional.of("malformed signature");
        }
        if (!MessageDigest.isEqual(claimed, signature(time.longValue(), nonce, properties, body))) {
            return Optional.of("bad signature (another cluster secret, or forged)");
        }
        long now = clock.getAsLong();
        if (Math.abs(now - time.longValue()) > WINDOW.toMillis()) {
            return Optional.of("sent " + (now - time.longValue()) / 1000 + " s ago: outside the " + WINDOW.toSeconds()
                    + " s window (a replay, or clocks apart)");
        }
        return remember(nonce, time.longValue(), now);
    }

    private synchronized Optional<String> remember(String nonce, long time, long now) {
        for (Iterator<Long> sent = seen.values().iterator(); sent.hasNext(); ) {
            if (sent.next() >= now - WINDOW.toMillis()) {
                break; // entries are oldest first only roughly; a late old one goes on the next pass
            }
            sent.remove();
        }
        if (seen.containsKey(nonce)) {
            return Optional.of("replayed");
        }
        if (seen.size() >= MOST_NONCES) {
            return Optional.of("too many messages in the window");
        }
        seen.put(nonce, time);
        return Optional.empty();
    }

    /** Nonces kept now (for tests). */
    synchronized int remembered() {
        return seen.size();
    }

    private byte[] signature(long time, String nonce, AMQP.BasicProperties properties, byte[] body) {
        Mac mac = macs.get();
        String envelope = time + "\n" + nonce + "\n" + properties.getAppId() + "\n" + properties.getCorrelationId()
                + "\n" + properties.getReplyTo() + "\n";
        mac.update(envelope.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(body);
    }
}
