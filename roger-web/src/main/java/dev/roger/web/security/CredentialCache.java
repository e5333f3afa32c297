package dev.roger.web.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers credentials that verified for a short time, so a client sending HTTP Basic on every request
 * (or a flood of them) does not run PBKDF2 each time. Entries are keyed by an HMAC-SHA256 of the user
 * name and password under a key made at random when the process starts: the cache holds no password and
 * nothing a dump of it could be checked against offline. At most {@link #MAX_ENTRIES}, oldest out first.
 */
final class CredentialCache {

    static final int MAX_ENTRIES = 1_000;

    private record Entry(Caller caller, Instant until) {}

    private final Duration ttl;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    CredentialCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    synchronized Optional<Caller> get(String user, String password) {
        if (ttl.isZero()) {
            return Optional.empty();
        }
        String id = id(user, password);
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.until())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    synchronized void put(String user, String password, Caller caller) {
        if (!ttl.isZero()) {
            String id = id(user, password);
            entries.remove(id); // re-inserted at the end: insertion order is expiry order
            entries.put(id, new Entry(caller, clock.instant().plus(ttl)));
        }
    }

    /** The keyed hash that stands for these credentials. */
    String id(String user, String password) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // the name's length first, so "ab"+"c" and "a"+"bc" differ
            return HexFormat.of()
                    .formatHex(mac.doFinal(ByteBuffer.allocate(4 + name.length + secret.length)
                            .putInt(name.length)
                            .put(name)
                            .put(secret)
                            .array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
