package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.amqp.QueueNames;
import dev.roger.it.probe.BrokenJob;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.Rabbit;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Job records on the server's embedded H2 database: outcomes are recorded, and records of finished jobs
 * expire (here after 3 s) and are deleted in batches while jobs keep running.
 */
@ExtendWith(ArquillianExtension.class)
class JobRecordsOnH2IT {

    static final String APP = TestWar.uniqueApplication("recdb");
    static final Duration WAIT = Duration.ofSeconds(90);

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = TestWar.baseConfig(APP + ":default=20");
        config.put("roger.records.keep-succeeded", "3");
        return TestWar.build(config).addClasses(BrokenJob.class);
    }

    @AfterAll
    static void deleteQueues() {
        try (Rabbit rabbit = new Rabbit()) {
            rabbit.deleteQueues(List.of(
                    QueueNames.main(APP, "default"), QueueNames.buried(APP, "default"), QueueNames.parked(APP)));
        }
    }

    private Api api() {
        return new Api(base.toString());
    }

    private String state(String id) {
        Api.Reply reply = api().get("api/applications/" + APP + "/jobs/" + id);
        return reply.status() == 200 ? reply.json().getString("state") : "HTTP " + reply.status();
    }

    @Test
    void aFailureIsRecordedAndKeptWhileSucceededRecordsExpire() {
        String failed = api().enqueue(APP, "broken", "{}");
        Await.until(WAIT, "the failure is recorded", () -> "failed".equals(state(failed)));
        String succeeded = api().enqueue(APP, "echo", "{}");
        Await.until(WAIT, "the success is recorded", () -> "succeeded".equals(state(succeeded)));
        Await.until(WAIT, "the succeeded record expired", () -> "HTTP 404".equals(state(succeeded)));
        assertEquals("failed", state(failed), "failed records are kept 30 days");
    }

    @Test
    void expiredRecordsAreDeletedInBatchesWhileJobsKeepRunning() {
        String jobs = IntStream.range(0, 1_500)
                .mapToObj(i -> "{\"type\":\"echo\",\"args\":{\"n\":" + i + "}}")
                .collect(Collectors.joining(",", "[", "]"));
        Api.Reply reply = api().post("api/applications/" + APP + "/jobs", jobs);
        assertEquals(200, reply.status(), reply.body());
        List<String> ids = new ArrayList<>();
        for (JsonValue result : reply.array()) {
            ids.add(result.asJsonObject().getString("id"));
        }
        String last = ids.get(ids.size() - 1);
        Await.until(WAIT, "the jobs ran and were recorded", () -> api().hasEvent(last, "after"));

        // while the clean-up deletes 1,500 expired records, 500 a transaction, more jobs run
        List<String> meanwhile = new ArrayList<>();
        Await.until(WAIT, "every record of the 1,500 jobs is gone", () -> {
            String id = api().enqueue(APP, "echo", "{}");
            meanwhile.add(id);
            return total(APP) <= meanwhile.size();
        });
        for (String id : meanwhile) {
            Await.until(WAIT, "job " + id + " ran during the clean-up", () -> api().hasEvent(id, "after"));
        }
        assertTrue(meanwhile.size() >= 1);
        assertEquals("HTTP 404", state(ids.get(0)));
    }

    private long total(String application) {
        JsonObject page = api().get("api/applications/" + application + "/jobs?state=succeeded&limit=1")
                .json();
        return page.getJsonNumber("total").longValue();
    }
}
