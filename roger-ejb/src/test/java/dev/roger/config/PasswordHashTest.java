package dev.roger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void newHashesUseAtLeast600000Iterations() {
        String hash = PasswordHash.of("s3cret");
        assertTrue(hash.startsWith("PBKDF2WithHmacSHA256:"), hash);
        assertTrue(PasswordHash.iterations(hash) >= 600_000, hash);
        assertTrue(PasswordHash.verify("s3cret", hash));
        assertFalse(PasswordHash.verify("s3cret ", hash));
    }

    @Test
    void hashesMadeWithTheOld210000IterationsStillVerify() {
        String old = PasswordHash.of("legacy", 210_000);
        assertEquals(210_000, PasswordHash.iterations(old));
        assertTrue(PasswordHash.isHash(old));
        assertTrue(PasswordHash.verify("legacy", old));
        assertFalse(PasswordHash.verify("Legacy", old));
    }

    @Test
    void plainPasswordsAreNotMistakenForHashes() {
        assertFalse(PasswordHash.isHash("PBKDF2WithHmac-is-my-password"));
        assertFalse(PasswordHash.isHash("hunter2"));
    }

    @Test
    void theCommandReadsThePasswordFromStandardInputNotTheCommandLine() throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), PasswordHash.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        process.getOutputStream().write("from stdin\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(PasswordHash.verify("from stdin", printed), printed);

        Process withArgument = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PasswordHash.class.getName(),
                        "on-the-command-line")
                .redirectInput(new File("/dev/null"))
                .start();
        assertTrue(withArgument.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, withArgument.exitValue(), "a password in argv is refused");
    }
}
