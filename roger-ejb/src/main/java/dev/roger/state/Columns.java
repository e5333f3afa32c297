package dev.roger.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Makes an identifier that came from outside (a message's AMQP message id: anything a publisher chose)
 * fit its column, so a row about a poison message can always be written: a value that is too long
 * keeps its start and ends with a hash of the whole, the same for the same value, so a count keyed by
 * it still adds up. Text of any kind loses the one character a database refuses ({@link #text}).
 */
final class Columns {

    /** {@code ~} and 43 characters of unpadded base64url SHA-256. */
    private static final int HASH_LENGTH = 44;

    private Columns() {}

    /**
     * Text as every database takes it: PostgreSQL refuses the NUL character in text (SQLSTATE 22021),
     * and a job's error or a poison message's id may hold one, so it becomes U+FFFD.
     */
    static String text(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    static String fit(String value, int width) {
        if (value == null || value.length() <= width) {
            return value;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return value.substring(0, width - HASH_LENGTH) + "~"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
