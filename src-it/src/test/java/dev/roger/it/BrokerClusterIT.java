package dev.roger.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.amqp.QueueNames;
import dev.roger.it.support.Api;
import dev.roger.it.support.Await;
import dev.roger.it.support.FaultDrill;
import dev.roger.it.support.MicroProcess;
import dev.roger.it.support.Postgres;
import dev.roger.it.support.RabbitCluster;
import dev.roger.it.support.TestWar;
import jakarta.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances on a three-node RabbitMQ cluster of this machine, with quorum queues and the nodes'
 * address list: one node dies in the middle of 10,000 jobs; nothing is lost, and the instances carry
 * on through the other two (see {@link FaultDrill} for what else must hold).
 */
class BrokerClusterIT {

    static final String APP = TestWar.uniqueApplication("nodes");
    static final int JOBS = Integer.getInteger("fault.jobs", 10_000);

    static RabbitCluster brokers;
    static Postgres postgres;
    static FaultDrill drill;
    static MicroProcess a;
    static MicroProcess b;
    static Api apiA;
    static Api apiB;

    @BeforeAll
    static void startBrokersAndTwoInstances() {
        brokers = RabbitCluster.start(Path.of("target", "rabbit-cluster").toAbsolutePath());
        postgres = new Postgres();
        drill = new FaultDrill(APP, postgres, JOBS);
        Map<String, String> config = TestWar.baseConfig(FaultDrill.applications(APP));
        config.put("roger.datasource", Postgres.RESOURCE);
        config.put("roger.amqp.addresses", brokers.addressList());
        config.put("roger.queue.type", "quorum");
        File war = TestWar.export(FaultDrill.war(config));
        a = new MicroProcess(war, Map.of(), postgres.microArguments());
        b = new MicroProcess(war, Map.of(), postgres.microArguments());
        MicroProcess.startTogether(a, b);
        apiA = new Api(a.baseUrl());
        apiB = new Api(b.baseUrl());
        drill.pauseHeld(apiA);
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable resource : new AutoCloseable[] {a, b, brokers, postgres}) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                System.err.println("could not stop " + resource + ": " + e);
            }
        }
    }

    /** The drill also checks that a cancel made before the node failed holds when the paused queue resumes. */
    @Test
    void aBrokerNodeStoppedMidRunLosesNoJobAndTheInstancesCarryOnThroughTheOthers() throws Exception {
        drill.survives("broker-node-down", apiA, () -> List.of(apiA, apiB), () -> brokers.stopNode(1));
        assertEquals(2, brokers.runningNodes().size());
        for (MicroProcess instance : List.of(a, b)) {
            JsonObject ready = new Api(instance.healthUrl())
                    .anonymous("GET", "ready", null)
                    .json();
            assertEquals(
                    "UP", ready.getString("status"), instance.instanceName() + " is ready with a node down: " + ready);
        }
        List<String> expected =
                List.of("roger@" + a.instanceName() + "-consume-0", "roger@" + b.instanceName() + "-consume-0").stream()
                        .sorted()
                        .toList();
        Await.until(
                Duration.ofSeconds(60),
                "one consumer per instance on " + QueueNames.main(APP, "default") + ", through the live nodes",
                () -> brokers.consumingConnections(QueueNames.main(APP, "default"))
                        .equals(expected));
    }
}
