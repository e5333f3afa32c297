package dev.roger.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes and checks password hashes in the format of Jakarta Security's {@code Pbkdf2PasswordHash}
 * ({@code PBKDF2WithHmacSHA256:iterations:salt:hash}), so {@code roger.admin.password} need not hold
 * the password itself: {@code java -cp roger-ejb.jar dev.roger.config.PasswordHash} reads the password
 * from standard input (never from the command line, where other users and the shell history see it).
 */
public final class PasswordHash {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's 2023 advice for PBKDF2-HMAC-SHA256; hashes made with fewer (210,000 before) still verify. */
    public static final int ITERATIONS = 600_000;

    private static final int SALT_BYTES = 32;
    private static final int KEY_BYTES = 32;

    private PasswordHash() {}

    public static String of(String password) {
        return of(password, ITERATIONS);
    }

    public static String of(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":"
                + base64.encodeToString(derive(ALGORITHM, password, salt, iterations, KEY_BYTES));
    }

    /** Whether the text has the shape of a hash this class can verify (else it is a plain password). */
    public static boolean isHash(String stored) {
        return stored.startsWith("PBKDF2WithHmac") && stored.split(":").length == 4;
    }

    /** The hash's iteration count: what one {@link #verify} against it costs. */
    public static int iterations(String stored) {
        return Integer.parseInt(stored.split(":")[1]);
    }

    /** Checks a password against a hash in constant time over the derived key. */
    public static boolean verify(String password, String stored) {
        String[] parts = stored.split(":");
        Base64.Decoder base64 = Base64.getDecoder();
        byte[] expected = base64.decode(parts[3]);
        byte[] actual =
                derive(parts[0], password, base64.decode(parts[2]), Integer.parseInt(parts[1]), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String algorithm, String password, byte[] salt, int iterations, int keyBytes) {
        try {
            return SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, keyBytes * 8))
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Reads one line, the password, from standard input and prints its hash. */
    public static void main(String[] args) throws IOException {
        if (args.length != 0) {
            System.err.println(
                    "usage: java -cp roger-ejb.jar " + PasswordHash.class.getName()
                            + " < file-holding-the-password  (or type it and press Enter; it is not taken from the command line)");
            System.exit(2);
        }
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("no password on standard input");
            System.exit(2);
        }
        System.out.println(of(password));
    }
}
