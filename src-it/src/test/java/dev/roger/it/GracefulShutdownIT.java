package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Undeploy (a graceful server stop, SIGTERM) in the middle of jobs: running jobs that finish within the
 * shutdown timeout are acknowledged, the one that outlasts it is interrupted and goes back to its queue,
 * waiting ones stay queued; nothing is acknowledged unfinished, and after the restart every job runs.
 */
class GracefulShutdownIT {

    static final String APP = TestWar.uniqueApplication("shut");

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
    }

    @Test
    void jobsRunningAtUndeployFinishWithinTheTimeoutOrRunAgainAfterRedeployAndNoneIsLost() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=3");
        config.put("roger.shutdown.timeout", "8");
        File war = TestWar.export(TestWar.build(config));
        try (Rabbit rabbit = new Rabbit()) {
            String outlasting;
            List<String> finishing = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            try (MicroProcess first = new MicroProcess(war, Map.of()).start()) {
                Api api = new Api(first.baseUrl());
                outlasting = api.enqueue(APP, "sleep", "{\"millis\":25000}");
                finishing.add(api.enqueue(APP, "sleep", "{\"millis\":3000}"));
                finishing.add(api.enqueue(APP, "sleep", "{\"millis\":3000}"));
                waiting.add(api.enqueue(APP, "sleep", "{\"millis\":500}"));
                waiting.add(api.enqueue(APP, "sleep", "{\"millis\":500}"));
                List<String> running = List.of(outlasting, finishing.get(0), finishing.get(1));
                Await.until(
                        Duration.ofSeconds(60),
                        "the first three jobs running (concurrency 3)",
                        () -> running.stream().allMatch(id -> api.hasEvent(id, "before")));
                assertFalse(waiting.stream().anyMatch(id -> api.hasEvent(id, "before")));

                first.stop();
                assertFalse(first.logText().contains(Api.PASSWORD), "no secret in the log");
            }
            assertEquals(
                    3,
                    rabbit.messages(QueueNames.main(APP, "default")),
                    "the two short jobs finished during the shutdown; the long one and the two waiting ones are queued");

            try (MicroProcess second = new MicroProcess(war, Map.of()).start()) {
                Api api = new Api(second.baseUrl());
                List<String> rerun = new ArrayList<>(waiting);
                rerun.add(outlasting);
                Await.until(
                        Duration.ofMinutes(2),
                        "the interrupted and the waiting jobs finish after the restart",
                        () -> rerun.stream().allMatch(id -> api.hasEvent(id, "after")));
                assertTrue(
                        finishing.stream().noneMatch(id -> api.hasEvent(id, "before")),
                        "jobs that finished during the shutdown were acknowledged and do not run again");
                assertFalse(rerun.stream().anyMatch(id -> api.hasEvent(id, "failed")), "no run took the failure path");
                Await.until(
                        Duration.ofSeconds(30),
                        "the queue is empty, nothing unacknowledged",
                        () -> Rabbit.allMessages(QueueNames.main(APP, "default")) == 0);
            }
        }
    }
}
