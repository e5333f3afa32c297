package dev.roger.job;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes job ids that Roger can recognise as its own: a UUID (version 8, RFC 9562) holding the time
 * of issue, 42 random bits and a 32-bit signature over those and the application, made with the
 * cluster's key. So an id that no instance issued for the application (a typo, a guess, a flood) is
 * known to be unknown without any lookup, and nothing is kept for it.
 */
public final class JobIds {

    private static final Pattern FORM =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNED_BYTES = 12;
    private static final int SIGNATURE_BYTES = 4;

    private final SecretKeySpec key;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;

    public JobIds(byte[] key, LongSupplier clock) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String next(String application) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return id(application, clock.getAsLong(), bytes);
    }

    private String id(String application, long millis, byte[] bytes) {
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (millis >>> (40 - 8 * i));
        }
        bytes[6] = (byte) (0x80 | (bytes[6] & 0x0f));
        bytes[8] = (byte) (0x80 | (bytes[8] & 0x3f));
        System.arraycopy(signature(application, bytes), 0, bytes, SIGNED_BYTES, SIGNATURE_BYTES);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /**
     * The same id for the same application, time and seed on every instance: a recurring job's fire
     * fired twice (an instance killed in between) publishes one job id twice, so the two are known as one.
     */
    public String derived(String application, long millis, String seed) {
        byte[] bytes;
        try {
            bytes = Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return id(application, millis, bytes);
    }

    /** When an instance of this cluster issued the id for this application; empty for any other id. */
    public Optional<Instant> issuedAt(String application, String id) {
        if (!issued(application, id)) {
            return Optional.empty();
        }
        long millis = UUID.fromString(id).getMostSignificantBits() >>> 16;
        return Optional.of(Instant.ofEpochMilli(millis));
    }

    /** Whether an instance of this cluster issued the id for this application. */
    public boolean issued(String application, String id) {
        if (id == null || !FORM.matcher(id).matches()) {
            return false;
        }
        UUID uuid = UUID.fromString(id);
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return MessageDigest.isEqual(
                signature(application, bytes), Arrays.copyOfRange(bytes, SIGNED_BYTES, SIGNED_BYTES + SIGNATURE_BYTES));
    }

    private byte[] signature(String application, byte[] id) {
        Mac mac = macs.get();
        mac.update(application.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(id, 0, SIGNED_BYTES);
        return Arrays.copyOf(mac.doFinal(), SIGNATURE_BYTES);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
