package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One instance on the server's default database (Payara's embedded H2 in the instance's root folder):
 * a pause, a cancel, a held queue key and an application started at run time all survive a restart.
 */
class StateSurvivesRestartIT {

    static final String APP = TestWar.uniqueApplication("restart");
    static final String RUNTIME_APP = APP + "_rt";
    static final Duration WAIT = Duration.ofSeconds(90);

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"),
                    QueueNames.buried(APP, "default"),
                    QueueNames.parked(APP),
                    QueueNames.main(RUNTIME_APP, "work"),
                    QueueNames.buried(RUNTIME_APP, "work"),
                    QueueNames.parked(RUNTIME_APP)));
        }
    }

    @Test
    void cancelsKeysPausesAndRuntimeApplicationsSurviveARestartOnTheDefaultDatabase() {
        try (Rabbit rabbit = new Rabbit();
                MicroProcess micro = new MicroProcess(
                                TestWar.export(TestWar.build(TestWar.baseConfig(APP + ":default=2"))), Map.of())
                        .start()) {
            Api api = new Api(micro.baseUrl());
            assertEquals(
                    201,
                    api.put("api/applications/" + RUNTIME_APP, "{\"queues\":{\"work\":3}}")
                            .status());
            assertEquals(
                    200,
                    api.post("api/applications/" + APP + "/queues/default/pause", "")
                            .status());
            Await.until(
                    WAIT,
                    "nobody consumes the paused queue",
                    () -> rabbit.consumers(QueueNames.main(APP, "default")) == 0);
            String cancelled = api.enqueue(APP, "echo", "{\"n\":1}");
            String keyed = api.enqueue(APP, "sleep", "{\"millis\":1,\"queueKey\":\"nightly\"}");
            assertEquals(
                    202,
                    api.delete("api/applications/" + APP + "/jobs/" + cancelled).status());

            micro.stop();
            micro.start();

            Await.until(
                    WAIT,
                    "the application started at run time is back",
                    () -> rabbit.consumers(QueueNames.main(RUNTIME_APP, "work")) == 1);
            assertEquals(0, rabbit.consumers(QueueNames.main(APP, "default")), "the queue is still paused");
            assertEquals(2, rabbit.messages(QueueNames.main(APP, "default")), "its jobs are still queued");
            assertEquals(
                    409,
                    api.post(
                                    "api/applications/" + APP + "/jobs",
                                    "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"nightly\"}}")
                            .status(),
                    "the queue key is still held");

            assertEquals(
                    200,
                    api.post("api/applications/" + APP + "/queues/default/resume", "")
                            .status());
            Await.until(
                    WAIT, "the cancelled job is dropped with its event", () -> api.hasEvent(cancelled, "cancelled"));
            Await.until(WAIT, "the keyed job runs", () -> api.hasEvent(keyed, "after"));
            assertFalse(api.hasEvent(cancelled, "before"), "the cancelled job never ran");
            Await.until(
                    WAIT,
                    "the key is free once its job finished",
                    () -> api.post(
                                            "api/applications/" + APP + "/jobs",
                                            "{\"type\":\"sleep\",\"args\":{\"millis\":1,\"queueKey\":\"nightly\"}}")
                                    .status()
                            == 201);
        }
    }
}
