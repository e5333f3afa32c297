package dev.roger.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roger.amqp.QueueNames;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two Payara Micro instances, A and B, sharing the local RabbitMQ and a fresh PostgreSQL database,
 * started once per test class (a start costs 15-45 s here). Before each test, an instance an earlier
 * test stopped or killed is started again, so every test finds both running and may run alone or in
 * any order. Tests make their own applications with {@link #application}; their queues are deleted
 * after the class.
 */
public final class TwoInstances implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final Map<String, String> config;
    private final Function<Map<String, String>, WebArchive> war;
    private final Function<Postgres, List<String>> microArguments;
    private final List<String> applications = new ArrayList<>();
    private final List<String> queues = new ArrayList<>();
    private Postgres postgres;
    private MicroProcess a;
    private MicroProcess b;

    /** The test WAR with the probe, no application configured, PostgreSQL reached directly. */
    public TwoInstances() {
        this(Map.of(), TestWar::build, Postgres::microArguments);
    }

    /**
     * @param config         added to the base configuration of the tests
     * @param war            the WAR for a configuration
     * @param microArguments the Payara Micro options that give an instance the database
     */
    public TwoInstances(
            Map<String, String> config,
            Function<Map<String, String>, WebArchive> war,
            Function<Postgres, List<String>> microArguments) {
        this.config = config;
        this.war = war;
        this.microArguments = microArguments;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres = new Postgres();
        Map<String, String> settings = TestWar.baseConfig("");
        settings.put("roger.datasource", Postgres.RESOURCE);
        settings.putAll(config);
        File file = TestWar.export(war.apply(settings));
        a = new MicroProcess(file, Map.of(), microArguments.apply(postgres));
        b = new MicroProcess(file, Map.of(), microArguments.apply(postgres));
        MicroProcess.startTogether(a, b);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (MicroProcess instance : List.of(a, b)) {
            if (!instance.running()) {
                instance.start();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (MicroProcess instance : new MicroProcess[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        try (Rabbit rabbit = new Rabbit()) {
            List<String> all = new ArrayList<>(queues);
            applications.forEach(application -> all.add(QueueNames.parked(application)));
            rabbit.deleteQueues(all);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    public MicroProcess a() {
        return a;
    }

    public MicroProcess b() {
        return b;
    }

    public Api apiA() {
        return new Api(a.baseUrl());
    }

    public Api apiB() {
        return new Api(b.baseUrl());
    }

    public Postgres postgres() {
        return postgres;
    }

    /**
     * Starts a fresh application with these queues (name to concurrency) on the given instances, at
     * run time, as an operator would; its queues go when the class ends.
     */
    public String application(String prefix, Map<String, Integer> concurrency, MicroProcess... on) {
        String application = TestWar.uniqueApplication(prefix);
        String body = concurrency.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{\"queues\":{", "}}"));
        for (MicroProcess instance : on) {
            Api.Reply started = new Api(instance.baseUrl()).put("api/applications/" + application, body);
            assertEquals(201, started.status(), started.body());
        }
        applications.add(application);
        for (String queue : concurrency.keySet()) {
            queues.addAll(List.of(
                    QueueNames.main(application, queue),
                    QueueNames.buried(application, queue),
                    QueueNames.retry(application, queue, 1),
                    QueueNames.retry(application, queue, 2),
                    QueueNames.delay(application, queue, 1),
                    QueueNames.delay(application, queue, 2)));
        }
        return application;
    }
}
