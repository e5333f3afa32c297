package dev.roger.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a server's command-line tool to the end, or fails naming the command and what it printed. */
final class Commands {

    private Commands() {}

    static String run(Path log, Map<String, String> environment, Duration timeout, List<String> command) {
        try {
            Path output = Files.createTempFile("roger-it-command", ".txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + "\n" + printed,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Files.delete(output);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "no answer within " + timeout.toSeconds() + " s from " + command + ":\n" + printed);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed with " + process.exitValue() + ":\n" + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static File required(String property) {
        String value = System.getProperty(property);
        if (value == null || !new File(value).exists()) {
            throw new IllegalStateException("system property " + property + " must name an existing file, not " + value
                    + " (the src-it build unpacks the servers)");
        }
        return new File(value);
    }
}
