package dev.roger.it;

import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploy (a graceful server stop) in the middle of jobs: waiting ones stay queued, running ones that
 * outlast the shutdown timeout are interrupted and go back to their queue, nothing is acknowledged
 * unfinished, and after the restart every job runs to the end.
 */
class GracefulShutdownIT {

    static final String APP = TestWar.uniqueApplication("shut");

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(APP + "-default", APP + "-default.buried", APP + ".parked"));
        }
    }

    @Test
    void jobsRunningAtUndeployRunAgainAfterRedeployAndNoneIsLost() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=3");
        File war = TestWar.export(TestWar.build(config));
        List<String> ids = new ArrayList<>();
        try (Rabbit rabbit = new Rabbit()) {
            try (MicroProcess first = new MicroProcess(war, Map.of()).start()) {
                Api api = new Api(first.baseUrl());
                for (int i = 0; i < 5; i++) {
                    ids.add(api.enqueue(APP, "sleep", "{\"millis\":20000}"));
                }
                Await.until(Duration.ofSeconds(60), "three jobs running (concurrency 3)",
                        () -> ids.stream().filter(id -> api.hasEvent(id, "before")).count() == 3);

                first.stop();
                assertTrue(first.logText().contains("they are interrupted and return to the queue"), "the log says what happened");
            }
            assertEquals(5, rabbit.messages(APP + "-default"), "all five jobs are queued again, none acknowledged");

            try (MicroProcess second = new MicroProcess(war, Map.of()).start()) {
                Api api = new Api(second.baseUrl());
                Await.until(Duration.ofMinutes(2), "all five jobs finish after the restart",
                        () -> ids.stream().allMatch(id -> api.hasEvent(id, "after")));
                assertFalse(ids.stream().anyMatch(id -> api.hasEvent(id, "failed")), "no run took the failure path");
                Await.until(Duration.ofSeconds(30), "the queue is empty", () -> rabbit.messages(APP + "-default") == 0);
            }
        }
    }
}
