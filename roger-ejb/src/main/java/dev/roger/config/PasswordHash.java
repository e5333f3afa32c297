package dev.roger.config;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes a password hash in the format of Jakarta Security's {@code Pbkdf2PasswordHash}
 * ({@code PBKDF2WithHmacSHA256:iterations:salt:hash}), so {@code roger.admin.password} need not hold
 * the password itself:
 * {@code java -cp roger-ejb.jar dev.roger.config.PasswordHash 'the password'}.
 */
public final class PasswordHash {

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int ITERATIONS = 210_000;
    private static final int SALT_BYTES = 32;
    private static final int KEY_BYTES = 32;

    private PasswordHash() {
    }

    public static String of(String password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] hash = SecretKeyFactory.getInstance(ALGORITHM)
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, KEY_BYTES * 8)).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return ALGORITHM + ":" + ITERATIONS + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp roger-ejb.jar " + PasswordHash.class.getName() + " <password>");
            System.exit(2);
        }
        System.out.println(of(args[0]));
    }
}
