package dev.roger.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The running jobs cross the cluster's bus as JSON-B, progress included. One constructor only: JSON-B
 * cannot make a record that has two.
 */
class RunningJobInfoTest {

    @Test
    void aRunningJobCrossesTheBusWithItsProgress() throws Exception {
        RunningJobInfo job = new RunningJobInfo(
                "id-1", "app", "default", "t", Instant.ofEpochMilli(1_000), "i-1", 40, "copying", "worker-7");
        InstanceInfo instance = new InstanceInfo("i-1", List.of(), List.of(job), List.of());
        try (Jsonb jsonb = JsonbBuilder.create()) {
            InstanceInfo read = jsonb.fromJson(jsonb.toJson(instance), InstanceInfo.class);

            assertEquals(job, read.runningJobs().get(0));
        }
    }

    @Test
    /** During a rolling upgrade; a job that reported progress always has a message (empty when it gave none). */
    void aRunningJobFromAnInstanceThatKnowsNoProgressReadsWithoutAMessage() throws Exception {
        String old = "{\"id\":\"id-1\",\"application\":\"app\",\"queue\":\"default\",\"type\":\"t\","
                + "\"startedAt\":\"1970-01-01T00:00:01Z\",\"instance\":\"i-1\"}";
        try (Jsonb jsonb = JsonbBuilder.create()) {
            RunningJobInfo read = jsonb.fromJson(old, RunningJobInfo.class);

            assertEquals("id-1", read.id());
            assertEquals(0, read.progress(), "JSON-B's default for a missing int");
            assertEquals(null, read.progressMessage(), "what tells it from a job that reported 0 %");
        }
    }
}
