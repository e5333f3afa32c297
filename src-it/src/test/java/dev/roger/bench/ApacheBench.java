package dev.roger.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.it.support.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ApacheBench (Debian's apache2-utils), a standard HTTP load tool, posting one body over and over. */
final class ApacheBench {

    record Result(double requestsPerSecond, String output) {}

    private ApacheBench() {}

    /** Every request must answer 2xx: ab counts anything else as "Non-2xx responses". */
    static Result post(String url, Path body, int requests, int clients) throws IOException, InterruptedException {
        return run(url, List.of("-T", "application/json", "-p", body.toString()), requests, clients);
    }

    static Result get(String url, int requests, int clients) throws IOException, InterruptedException {
        return run(url, List.of(), requests, clients);
    }

    private static Result run(String url, List<String> options, int requests, int clients)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                "ab",
                "-k",
                "-q",
                "-n",
                String.valueOf(requests),
                "-c",
                String.valueOf(clients),
                "-A",
                Api.USER + ":" + Api.PASSWORD));
        command.addAll(options);
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(line -> output.append(line).append('\n'));
        }
        assertTrue(process.waitFor(BenchmarkIT.TIMEOUT_SECONDS, TimeUnit.SECONDS), "ab finished");
        String text = output.toString();
        assertTrue(
                process.exitValue() == 0 && !text.contains("Non-2xx") && text.contains("Failed requests:        0"),
                "every request of ab succeeded:\n" + text);
        Matcher rate = Pattern.compile("Requests per second:\\s+([\\d.]+)").matcher(text);
        assertTrue(rate.find(), "ab printed its rate:\n" + text);
        return new Result(Double.parseDouble(rate.group(1)), text);
    }
}
