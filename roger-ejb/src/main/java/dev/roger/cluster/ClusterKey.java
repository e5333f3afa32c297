package dev.roger.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every instance of a cluster shares (from {@code roger.cluster.secret}, or generated and
 * kept in the database). Each use gets a key of its own derived from it, and {@link #id()} names it
 * without revealing it, so instances can tell that they disagree.
 */
public final class ClusterKey {

    static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    public ClusterKey(String secret) {
        this.key = hmac(secret.getBytes(StandardCharsets.UTF_8), "roger cluster key");
    }

    /** A key for one purpose ("bus", "job-id"): a leak of one says nothing of the others. */
    public byte[] derive(String purpose) {
        return hmac(key, purpose);
    }

    /** 16 hex digits that differ, in practice, between any two secrets. */
    public String id() {
        return HexFormat.of().formatHex(derive("key id"), 0, 8);
    }

    static byte[] hmac(byte[] key, String text) {
        return newMac(key).doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
