package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/run} with a setting that fails the deployment exits with 1 and prints the cause, and
 * leaves no Payara Micro behind: Payara Micro itself would keep running, answering 404 to everything.
 */
class RunScriptIT {

    @Test
    void aBadSettingMakesScriptsRunExitNamingTheCauseWithNoServerLeft() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path script = root.resolve("scripts/run");
        assertTrue(Files.isExecutable(script), "the tests run in src-it, beside scripts/: " + script);
        Path data = Files.createTempDirectory("roger-it-run");
        Path output = data.resolveSibling(data.getFileName() + ".out"); // both kept if the test fails

        ProcessBuilder builder = new ProcessBuilder(script.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROGER_"));
        builder.environment().put("ROGER_HTTP_PORT", String.valueOf(freePort()));
        builder.environment().put("ROGER_DATA_DIR", data.toString());
        // the WAR under test: scripts/run would otherwise build one when the sources are newer
        builder.environment().put("ROGER_WAR", System.getProperty("roger.war"));
        builder.environment().put("ROGER_JAVA_OPTS", "-Xmx512m");
        builder.environment().put("ROGER_APPLICATIONS", "bad name!:default=10");
        Process run = builder.start();
        try {
            if (!run.waitFor(4, TimeUnit.MINUTES)) {
                fail("scripts/run still runs after 4 minutes:\n" + tail(output));
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(1, run.exitValue(), "exit status of scripts/run:\n" + tail(output));
            assertTrue(printed.contains("[roger] Roger's deployment failed"), tail(output));
            assertTrue(
                    printed.contains(
                            "[roger]   dev.roger.config.InvalidConfigurationException: Invalid Roger configuration "
                                    + "roger.applications=bad name!:default=10: application name 'bad name!'"),
                    tail(output));
            List<String> left = serversOf(data);
            assertTrue(left.isEmpty(), "left running: " + left);
            List<String> shared = sharedFiles(data);
            assertTrue(
                    shared.isEmpty(),
                    "the data folder is for its owner alone, yet others may read " + shared.size() + " entries, e.g. "
                            + shared.subList(0, Math.min(5, shared.size())));
            deleteTree(data);
            Files.delete(output);
        } finally {
            // whatever a failure left behind
            run.descendants().forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
            ProcessHandle.allProcesses().filter(p -> usesFolder(p, data)).forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Files and folders under the data folder that the group or others may read, write or enter. */
    private static List<String> sharedFiles(Path data) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(data)) {
            return files.filter(file -> {
                        try {
                            return java.nio.file.attribute.PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(file))
                                    .substring(3)
                                    .chars()
                                    .anyMatch(c -> c != '-');
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(file -> data.relativize(file) + " " + permissions(file))
                    .toList();
        }
    }

    private static String permissions(Path file) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> serversOf(Path data) {
        return ProcessHandle.allProcesses()
                .filter(p -> usesFolder(p, data))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .toList();
    }

    private static boolean usesFolder(ProcessHandle process, Path data) {
        return process.info()
                .commandLine()
                .map(command -> command.contains(data.toString()))
                .orElse(false);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
