package dev.roger.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.spi.AdminCredentials;
import dev.roger.spi.SecuritySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {

    private static RogerConfig read(Map<String, String> values) {
        return new ConfigReader(key -> Optional.ofNullable(values.get(key))).read();
    }

    private static String problem(Map<String, String> values) {
        return assertThrows(InvalidConfigurationException.class, () -> read(values))
                .getMessage();
    }

    @Test
    void defaultsMatchTheOriginalRoger() {
        RogerConfig config = read(Map.of());
        assertEquals(List.of(1, 3, 5, 10, 20, 35, 60, 100, 200, 400, 1000, 1800), config.retryDelays());
        assertEquals(Duration.ofSeconds(15), config.shutdownTimeout());
        assertEquals(QueueType.QUORUM, config.queueType());
        assertEquals(List.of("localhost:5672"), config.broker().addresses());
        assertEquals("/", config.broker().virtualHost());
        assertTrue(config.applications().isEmpty());
        assertTrue(config.admin().password().isEmpty(), "no built-in password");
    }

    @Test
    void readsEveryKey() {
        RogerConfig config = read(Map.ofEntries(
                Map.entry("roger.amqp.addresses", "n1:5672, n2:5673"),
                Map.entry("roger.amqp.virtual-host", "jobs"),
                Map.entry("roger.amqp.username", "roger"),
                Map.entry("roger.amqp.password", "s3cret"),
                Map.entry("roger.amqp.heartbeat", "10"),
                Map.entry("roger.amqp.tls", "true"),
                Map.entry("roger.applications", "myapp:default=10"),
                Map.entry("roger.retry.delays", "2,4"),
                Map.entry("roger.shutdown.timeout", "30"),
                Map.entry("roger.queue.type", "classic"),
                Map.entry("roger.admin.username", "ops"),
                Map.entry("roger.admin.password", "pw")));
        assertEquals(List.of("n1:5672", "n2:5673"), config.broker().addresses());
        assertEquals("jobs", config.broker().virtualHost());
        assertEquals(Duration.ofSeconds(10), config.broker().heartbeat());
        assertTrue(config.broker().tls());
        assertEquals(Map.of("myapp", Map.of("default", 10)), config.applications());
        assertEquals(List.of(2, 4), config.retryDelays());
        assertEquals(Duration.ofSeconds(30), config.shutdownTimeout());
        assertEquals(QueueType.CLASSIC, config.queueType());
        assertEquals("ops", config.admin().username());
        assertEquals(Optional.of("pw"), config.admin().password());
    }

    @Test
    void theProducerAndTheLoginProtectionsAreReadOnce() {
        RogerConfig defaults = read(Map.of());
        assertEquals("producer", defaults.producer().username());
        assertTrue(defaults.producer().password().isEmpty(), "no producer unless configured");
        assertEquals(
                new SecuritySettings(Optional.empty(), Duration.ofSeconds(60), Duration.ofSeconds(5)),
                defaults.security());

        RogerConfig config = read(Map.of(
                "roger.producer.username",
                "orders-service",
                "roger.producer.password",
                "pp",
                "roger.security.client-address-header",
                " X-Forwarded-For ",
                "roger.security.credential-cache",
                "0",
                "roger.security.login-delay-max",
                "2"));
        assertEquals(new AdminCredentials("orders-service", Optional.of("pp")), config.producer());
        assertEquals(
                new SecuritySettings(Optional.of("X-Forwarded-For"), Duration.ZERO, Duration.ofSeconds(2)),
                config.security());
        assertTrue(problem(Map.of("roger.security.login-delay-max", "600")).contains("from 0 to 60"));
    }

    @Test
    void badValuesNameTheirKeyAndValue() {
        assertEquals(
                "Invalid Roger configuration roger.retry.delays=1,soon: 'soon' is not a positive whole number of seconds",
                problem(Map.of("roger.retry.delays", "1,soon")));
        assertEquals(
                "Invalid Roger configuration roger.queue.type=lazy: must be quorum or classic",
                problem(Map.of("roger.queue.type", "lazy")));
        assertEquals(
                "Invalid Roger configuration roger.amqp.port=70000: must be a whole number from 1 to 65535",
                problem(Map.of("roger.amqp.port", "70000")));
        assertEquals(
                "Invalid Roger configuration roger.amqp.tls=yes: must be true or false",
                problem(Map.of("roger.amqp.tls", "yes")));
        assertTrue(problem(Map.of("roger.amqp.addresses", "n1"))
                .startsWith("Invalid Roger configuration roger.amqp.addresses=n1"));
        assertEquals(
                List.of(60, 60, 60),
                read(Map.of("roger.retry.delays", "60,60,60")).retryDelays(),
                "a level may repeat: retries wait in the database, not in a queue per level");
        assertTrue(problem(Map.of("roger.shutdown.timeout", "-1"))
                .startsWith("Invalid Roger configuration roger.shutdown.timeout=-1"));
    }

    @Test
    void secretsNeverShowInTheConfigurationsText() {
        RogerConfig config = read(Map.of(
                "roger.amqp.password",
                "amqp-secret",
                "roger.admin.password",
                "admin-secret",
                "roger.amqp.uri",
                "amqp://u:uri-secret@host/vh"));
        String text = config.toString();
        assertFalse(text.contains("amqp-secret"), text);
        assertFalse(text.contains("admin-secret"), text);
        assertFalse(text.contains("uri-secret"), text);
    }

    @Test
    void aUriWithAnotherSchemeIsRefusedWithoutShowingIt() {
        String message = problem(Map.of("roger.amqp.uri", "http://u:pw@host"));
        assertFalse(message.contains("pw"), message);
        assertTrue(message.contains("roger.amqp.uri"), message);
    }

    @Test
    void aMalformedAmqpUriIsRefusedWithoutRepeatingItsPassword() {
        for (String uri : List.of(
                "amqp://roger:s3cret-pw@host:56 72/vhost", "amqp://roger:s3cret-pw@", "http://roger:s3cret-pw@host")) {
            String problem = problem(Map.of("roger.amqp.uri", uri));
            assertTrue(problem.startsWith("Invalid Roger configuration roger.amqp.uri=<hidden>"), problem);
            assertFalse(problem.contains("s3cret-pw"), problem);
        }
    }

    @Test
    void theClusterSecretIsHiddenAndMustNotBeShort() {
        RogerConfig config = read(Map.of("roger.cluster.secret", "a-long-enough-secret"));
        assertEquals(
                "a-long-enough-secret", config.cluster().secret().orElseThrow().value());
        assertFalse(config.toString().contains("a-long-enough-secret"), config.toString());
        assertTrue(read(Map.of()).cluster().secret().isEmpty());
        String problem = problem(Map.of("roger.cluster.secret", "short-secret"));
        assertTrue(problem.contains("roger.cluster.secret=<hidden>: must be at least 16 characters"), problem);
        assertFalse(problem.contains("short-secret"), problem);
    }

    @Test
    void theHeartbeatAndTheDeadInstanceWindowAreSettingsAndTheWindowSpansThreeHeartbeats() {
        assertEquals(java.time.Duration.ofSeconds(2), read(Map.of()).cluster().heartbeat());
        assertEquals(java.time.Duration.ofSeconds(15), read(Map.of()).cluster().deadAfter());
        RogerConfig config = read(Map.of("roger.cluster.heartbeat", "1", "roger.cluster.dead-after", "4"));
        assertEquals(java.time.Duration.ofSeconds(1), config.cluster().heartbeat());
        assertEquals(java.time.Duration.ofSeconds(4), config.cluster().deadAfter());
        String problem = problem(Map.of("roger.cluster.heartbeat", "2", "roger.cluster.dead-after", "5"));
        assertTrue(
                problem.contains("roger.cluster.dead-after=5: must be at least 3 times roger.cluster.heartbeat (2 s)"),
                problem);
        assertTrue(problem(Map.of("roger.cluster.heartbeat", "0")).contains("roger.cluster.heartbeat=0"));
    }

    @Test
    void aDatabaseCallWaitsThirtySecondsAtMostUnlessConfiguredOtherwise() {
        assertEquals(java.time.Duration.ofSeconds(30), read(Map.of()).cluster().databaseTimeout());
        assertEquals(
                java.time.Duration.ZERO,
                read(Map.of("roger.database.timeout", "0")).cluster().databaseTimeout());
        assertTrue(problem(Map.of("roger.database.timeout", "-1")).contains("roger.database.timeout=-1"));
    }

    @Test
    void jobsMayBeScheduledTenYearsAheadUnlessConfiguredOtherwise() {
        assertEquals(java.time.Duration.ofDays(3650), read(Map.of()).scheduleHorizon());
        assertEquals(
                java.time.Duration.ofDays(30),
                read(Map.of("roger.schedule.max-horizon", "30")).scheduleHorizon());
        assertTrue(problem(Map.of("roger.schedule.max-horizon", "0")).contains("roger.schedule.max-horizon=0"));
    }

    @Test
    void aJobsMessageMayBeOneMebibyteUnlessConfiguredOtherwiseWithinTheBrokersBounds() {
        assertEquals(1_048_576, read(Map.of()).maxMessageBytes());
        assertEquals(65_536, read(Map.of("roger.max-message-bytes", "65536")).maxMessageBytes());
        assertTrue(problem(Map.of("roger.max-message-bytes", "100")).contains("roger.max-message-bytes=100"));
        assertTrue(
                problem(Map.of("roger.max-message-bytes", "999999999")).contains("roger.max-message-bytes=999999999"));
    }

    @Test
    void theLifecycleIsLenientUnlessTheTestsAskForStrict() {
        assertFalse(read(Map.of()).strictLifecycle());
        assertTrue(read(Map.of("roger.lifecycle.strict", "true")).strictLifecycle());
    }

    @Test
    void readsRecurringJobsWithTheirDefaults() {
        RogerConfig config = read(Map.of(
                "roger.recurring", "myapp/nightly, myapp/tick",
                "roger.recurring.myapp.nightly.type", "report",
                "roger.recurring.myapp.nightly.cron", "0 3 * * *",
                "roger.recurring.myapp.nightly.zone", "Europe/Amsterdam",
                "roger.recurring.myapp.nightly.args", "{\"full\":true}",
                "roger.recurring.myapp.nightly.missed", "skip",
                "roger.recurring.myapp.nightly.overlap", "false",
                "roger.recurring.myapp.tick.type", "echo",
                "roger.recurring.myapp.tick.cron", "*/2 * * * * *"));
        assertEquals(
                List.of(
                        new RecurringConfig(
                                "myapp",
                                "nightly",
                                "report",
                                "{\"full\":true}",
                                "0 3 * * *",
                                "Europe/Amsterdam",
                                dev.roger.api.MissedFires.SKIP,
                                false),
                        new RecurringConfig(
                                "myapp",
                                "tick",
                                "echo",
                                "{}",
                                "*/2 * * * * *",
                                "UTC",
                                dev.roger.api.MissedFires.CATCH_UP,
                                true)),
                config.recurring());
    }

    @Test
    void aBadRecurringJobNamesItsKey() {
        Map<String, String> base = Map.of(
                "roger.recurring", "myapp/nightly",
                "roger.recurring.myapp.nightly.type", "report",
                "roger.recurring.myapp.nightly.cron", "0 3 * * *");
        assertTrue(problem(with(base, "roger.recurring.myapp.nightly.cron", "0 27 * * *"))
                .startsWith(
                        "Invalid Roger configuration roger.recurring.myapp.nightly.cron=0 27 * * *: cron expression"));
        assertTrue(problem(with(base, "roger.recurring.myapp.nightly.zone", "Mars/Base"))
                .startsWith("Invalid Roger configuration roger.recurring.myapp.nightly.zone=Mars/Base"));
        assertTrue(problem(with(base, "roger.recurring.myapp.nightly.args", "{oops"))
                .contains("roger.recurring.myapp.nightly.args"));
        assertTrue(problem(with(base, "roger.recurring.myapp.nightly.missed", "later"))
                .contains("must be catch-up or skip"));
        assertTrue(problem(with(base, "roger.recurring", "nightly")).contains("application/name"));
        assertTrue(problem(with(base, "roger.recurring", "myapp/nightly,myapp/nightly"))
                .contains("twice"));
        assertTrue(problem(with(base, "roger.recurring.myapp.nightly.type", " "))
                .contains("roger.recurring.myapp.nightly.type"));
    }

    @Test
    void theHistoryIsKeptADayPerMinuteAndThirtyDaysPerHourUnlessConfigured() {
        assertEquals(
                new HistorySettings(Duration.ofDays(1), Duration.ofDays(30)),
                read(Map.of()).history());
        assertEquals(
                new HistorySettings(Duration.ofMinutes(120), Duration.ofHours(48)),
                read(Map.of("roger.history.minutes", "120", "roger.history.hours", "48"))
                        .history());
        assertEquals(
                "Invalid Roger configuration roger.history.minutes=PT1H: must be a whole number from 60 to 10080",
                problem(Map.of("roger.history.minutes", "PT1H")));
        assertEquals(
                "Invalid Roger configuration roger.history.hours=2: must be a whole number from 24 to 9600",
                problem(Map.of("roger.history.hours", "2")));
    }

    @Test
    void jobRecordsAreKeptForEveryApplicationADayOrThirtyDaysUnlessConfigured() {
        assertEquals(RecordSettings.DEFAULTS, read(Map.of()).records());
        RecordSettings settings = read(Map.of(
                        "roger.records.off", " billing, audit ",
                        "roger.records.buffer", "5000",
                        "roger.records.keep-succeeded", "3600",
                        "roger.records.keep-failed", "86400"))
                .records();
        assertEquals(
                new RecordSettings(
                        true,
                        java.util.Set.of("billing", "audit"),
                        5_000,
                        Duration.ofHours(1),
                        Duration.ofDays(1),
                        Duration.ofDays(3650 + 30)),
                settings);
        assertFalse(settings.isOn("billing"));
        assertTrue(settings.isOn("shop"));
        assertFalse(read(Map.of("roger.records", "false")).records().isOn("shop"));
        assertEquals(
                "Invalid Roger configuration roger.records.off=billing,no way: 'no way' is not an application name",
                problem(Map.of("roger.records.off", "billing,no way")));
        assertTrue(problem(Map.of("roger.records.buffer", "10"))
                .startsWith("Invalid Roger configuration roger.records.buffer=10: must be a whole number from 1000"));
        assertTrue(problem(Map.of("roger.records.keep-failed", "a month"))
                .startsWith("Invalid Roger configuration roger.records.keep-failed=a month"));
        assertTrue(problem(Map.of("roger.records", "maybe"))
                .startsWith("Invalid Roger configuration roger.records=maybe"));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> values = new java.util.HashMap<>(base);
        values.put(key, value);
        return values;
    }

    @Test
    void theWorkerBudgetIs200JobsAtOnceUnlessSetAndWeightsAreOneUnlessNamed() {
        RogerConfig defaults = read(Map.of());
        assertEquals(200, defaults.workersMax());
        assertTrue(defaults.weights().isEmpty());

        RogerConfig set = read(Map.of("roger.workers.max", "50", "roger.weights", "billing=3, shop=2"));
        assertEquals(50, set.workersMax());
        assertEquals(Map.of("billing", 3, "shop", 2), set.weights());
    }

    @Test
    void aBadBudgetOrWeightIsRefusedNamingItsKey() {
        assertTrue(problem(Map.of("roger.workers.max", "0")).contains("roger.workers.max"));
        assertTrue(problem(Map.of("roger.weights", "billing=0")).contains("the weight of 'billing'"));
        assertTrue(problem(Map.of("roger.weights", "billing")).contains("should be application=weight"));
        assertTrue(problem(Map.of("roger.weights", "a=1,a=2")).contains("named twice"));
    }

    @Test
    void theProducerMayEnqueueEverywhereUnlessScopedToNamedApplications() {
        assertTrue(read(Map.of()).producerApplications().isEmpty());
        assertEquals(
                java.util.Set.of("billing", "shop"),
                read(Map.of("roger.producer.applications", "billing, shop")).producerApplications());
        assertTrue(problem(Map.of("roger.producer.applications", "billing,bad name"))
                .contains("roger.producer.applications"));
    }

    @Test
    void quotasAreNoneUnlessSetPerApplicationOrForEveryOther() {
        assertEquals(QuotaSettings.NONE, read(Map.of()).quotas());
        QuotaSettings set = read(Map.of("roger.quotas", "billing:waiting=50000,parked=1000; *:waiting=1000000"))
                .quotas();
        assertEquals(new QuotaSettings.Quota(50_000, 1_000), set.of("billing"));
        assertEquals(new QuotaSettings.Quota(1_000_000, 0), set.of("shop"));
    }

    @Test
    void aBadQuotaIsRefusedNamingWhatIsWrong() {
        assertTrue(problem(Map.of("roger.quotas", "billing:waiting=0")).contains("'waiting=0' of 'billing'"));
        assertTrue(problem(Map.of("roger.quotas", "billing:queued=5")).contains("should be waiting=N or parked=N"));
        assertTrue(problem(Map.of("roger.quotas", "billing=5")).contains("should be application:waiting=N"));
        assertTrue(problem(Map.of("roger.quotas", "a:waiting=1;a:parked=1")).contains("named twice"));
        assertTrue(problem(Map.of("roger.quotas", "*:waiting=1;*:parked=1")).contains("named twice"));
    }
}
