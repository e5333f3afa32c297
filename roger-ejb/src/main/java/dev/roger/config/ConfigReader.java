package dev.roger.config;

import dev.roger.api.MissedFires;
import dev.roger.spi.AdminCredentials;
import dev.roger.spi.SecuritySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads every {@code roger.*} key once into a {@link RogerConfig}; the first bad value stops the
 * start with a message naming its key and value. The lookup is MicroProfile Config in the server
 * (so system properties and environment variables such as {@code ROGER_APPLICATIONS} work).
 */
public final class ConfigReader {

    public static final String AMQP_URI = "roger.amqp.uri";
    public static final String AMQP_HOST = "roger.amqp.host";
    public static final String AMQP_PORT = "roger.amqp.port";
    public static final String AMQP_ADDRESSES = "roger.amqp.addresses";
    public static final String AMQP_VIRTUAL_HOST = "roger.amqp.virtual-host";
    public static final String AMQP_USERNAME = "roger.amqp.username";
    public static final String AMQP_PASSWORD = "roger.amqp.password";
    public static final String AMQP_HEARTBEAT = "roger.amqp.heartbeat";
    public static final String AMQP_TLS = "roger.amqp.tls";
    public static final String AMQP_CONFIRM_TIMEOUT = "roger.amqp.confirm-timeout";
    public static final int DEFAULT_CONFIRM_TIMEOUT_SECONDS = 30;
    public static final String APPLICATIONS = "roger.applications";
    public static final String RETRY_DELAYS = "roger.retry.delays";
    public static final String SHUTDOWN_TIMEOUT = "roger.shutdown.timeout";
    public static final String QUEUE_TYPE = "roger.queue.type";
    public static final String ADMIN_USERNAME = "roger.admin.username";
    public static final String ADMIN_PASSWORD = "roger.admin.password";
    public static final String VIEWER_USERNAME = "roger.viewer.username";
    public static final String VIEWER_PASSWORD = "roger.viewer.password";
    public static final String PRODUCER_USERNAME = "roger.producer.username";
    public static final String PRODUCER_PASSWORD = "roger.producer.password";
    public static final String PRODUCER_APPLICATIONS = "roger.producer.applications";
    public static final String CLIENT_ADDRESS_HEADER = "roger.security.client-address-header";
    public static final String CREDENTIAL_CACHE = "roger.security.credential-cache";
    public static final String LOGIN_DELAY_MAX = "roger.security.login-delay-max";
    public static final int DEFAULT_CREDENTIAL_CACHE_SECONDS = 60;
    public static final int DEFAULT_LOGIN_DELAY_MAX_SECONDS = 5;
    public static final String INSTANCE_NAME = "roger.instance.name";
    public static final String DATASOURCE = "roger.datasource";
    public static final String CONSUMER_TIMEOUT = "roger.amqp.consumer-timeout";
    public static final String CALL_TIMEOUT = "roger.cluster.call-timeout";
    public static final String CLUSTER_SECRET = "roger.cluster.secret";
    public static final String CLUSTER_HEARTBEAT = "roger.cluster.heartbeat";
    public static final String CLUSTER_DEAD_AFTER = "roger.cluster.dead-after";
    public static final String DATABASE_TIMEOUT = "roger.database.timeout";
    public static final String MAX_DELIVERIES = "roger.max-deliveries";
    public static final String WORKERS_MAX = "roger.workers.max";
    public static final String WORKERS_EXECUTOR = "roger.workers.executor";
    public static final String WEIGHTS = "roger.weights";
    public static final String QUOTAS = "roger.quotas";
    /** A hundred to one is as unequal as tenants of one instance reasonably get. */
    public static final int MOST_WEIGHT = dev.roger.api.WorkerBudgetStatus.MOST_WEIGHT;

    public static final String RECURRING = "roger.recurring";
    public static final String RECORDS = "roger.records";
    public static final String RECORDS_OFF = "roger.records.off";
    public static final String RECORDS_BUFFER = "roger.records.buffer";
    public static final String RECORDS_KEEP_SUCCEEDED = "roger.records.keep-succeeded";
    public static final String RECORDS_KEEP_FAILED = "roger.records.keep-failed";
    public static final String HISTORY_MINUTES = "roger.history.minutes";
    public static final String HISTORY_HOURS = "roger.history.hours";
    public static final String STRICT_LIFECYCLE = "roger.lifecycle.strict";
    public static final String SCHEDULE_MAX_HORIZON = "roger.schedule.max-horizon";
    public static final String MAX_MESSAGE_BYTES = "roger.max-message-bytes";
    /** 1 MiB: far above what a job's args need, far below RabbitMQ's limits (16 MiB on 4.x). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** RabbitMQ 3.x's own upper bound of max_message_size (4.x's default is 16 MiB). */
    public static final int MOST_MESSAGE_BYTES = 128 << 20;

    public static final int DEFAULT_MAX_DELIVERIES = 10;
    /**
     * Jobs at once per instance: far more than the cores of a typical server keep busy with CPU-bound
     * jobs, enough for I/O-bound ones, and 200 threads' stacks and connections are small for any server.
     */
    public static final int DEFAULT_WORKERS_MAX = 200;
    /** Past this, an instance is more threads than work. */
    public static final int MOST_WORKERS = dev.roger.api.WorkerBudgetStatus.MOST_WORKERS;
    /** Below RabbitMQ 4's default delivery limit of 20, which queues declared before Roger set their own keep. */
    public static final int MOST_DELIVERIES = 19;

    public static final int DEFAULT_CONSUMER_TIMEOUT_SECONDS = 1800;
    public static final int DEFAULT_CALL_TIMEOUT_SECONDS = 5;

    /** Ten years: further ahead is a mistake, not a plan. */
    public static final int DEFAULT_SCHEDULE_MAX_HORIZON_DAYS = 3650;

    public static final String DEFAULT_RETRY_DELAYS = "1,3,5,10,20,35,60,100,200,400,1000,1800";
    public static final int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 15;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 30;

    private final Function<String, Optional<String>> lookup;

    public ConfigReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public RogerConfig read() {
        return new RogerConfig(
                broker(),
                ApplicationsSpec.parse(APPLICATIONS, text(APPLICATIONS, "")),
                retryDelays(),
                Duration.ofSeconds(integer(SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, 0, 86_400)),
                queueType(),
                integer(MAX_DELIVERIES, DEFAULT_MAX_DELIVERIES, 1, MOST_DELIVERIES),
                new AdminCredentials(text(ADMIN_USERNAME, "admin"), value(ADMIN_PASSWORD)),
                new AdminCredentials(text(VIEWER_USERNAME, "viewer"), value(VIEWER_PASSWORD)),
                cluster(),
                new AdminCredentials(text(PRODUCER_USERNAME, "producer"), value(PRODUCER_PASSWORD)),
                producerApplications(),
                new SecuritySettings(
                        value(CLIENT_ADDRESS_HEADER).map(String::trim),
                        Duration.ofSeconds(integer(CREDENTIAL_CACHE, DEFAULT_CREDENTIAL_CACHE_SECONDS, 0, 3600)),
                        Duration.ofSeconds(integer(LOGIN_DELAY_MAX, DEFAULT_LOGIN_DELAY_MAX_SECONDS, 0, 60))),
                recurring(),
                records(),
                history(),
                bool(STRICT_LIFECYCLE, false),
                scheduleHorizon(),
                integer(MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, 1024, MOST_MESSAGE_BYTES),
                integer(WORKERS_MAX, DEFAULT_WORKERS_MAX, 1, MOST_WORKERS),
                weights(),
                quotas(),
                ApplicationsSpec.rateLimits(APPLICATIONS, text(APPLICATIONS, "")),
                value(WORKERS_EXECUTOR).map(String::trim).filter(name -> !name.isEmpty()));
    }

    /** {@code roger.producer.applications=billing,shop}: the only applications the producer may enqueue into. */
    private java.util.Set<String> producerApplications() {
        String text = text(PRODUCER_APPLICATIONS, "");
        java.util.Set<String> applications = new java.util.LinkedHashSet<>();
        for (String entry : text.split(",")) {
            String application = entry.trim();
            if (application.isEmpty()) {
                continue;
            }
            if (!dev.roger.spi.Names.isValid(application)) {
                throw new InvalidConfigurationException(
                        PRODUCER_APPLICATIONS,
                        text,
                        "application name '" + application + "' must be " + dev.roger.spi.Names.rule());
            }
            applications.add(application);
        }
        return java.util.Set.copyOf(applications);
    }

    /** {@code roger.weights=billing=3,shop=2}: applications' shares of the worker budget (1 when not named). */
    private Map<String, Integer> weights() {
        String text = text(WEIGHTS, "");
        Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String application =
                    equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
            if (equals < 0 || !dev.roger.spi.Names.isValid(application)) {
                throw new InvalidConfigurationException(
                        WEIGHTS,
                        text,
                        "'" + entry.trim() + "' should be application=weight, the application "
                                + dev.roger.spi.Names.rule());
            }
            if (weights.containsKey(application)) {
                throw new InvalidConfigurationException(
                        WEIGHTS, text, "application '" + application + "' is named twice");
            }
            try {
                int weight = Integer.parseInt(entry.substring(equals + 1).trim());
                if (weight < 1 || weight > MOST_WEIGHT) {
                    throw new NumberFormatException();
                }
                weights.put(application, weight);
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(
                        WEIGHTS,
                        text,
                        "the weight of '" + application + "' must be a whole number from 1 to " + MOST_WEIGHT);
            }
        }
        return weights;
    }

    /**
     * {@code roger.quotas=billing:waiting=50000,parked=1000;*:waiting=1000000}: per application (or
     * {@code *}, every other), the most jobs waiting and the most parked and buried; a bound not given
     * is none.
     */
    private QuotaSettings quotas() {
        String text = text(QUOTAS, "");
        Map<String, QuotaSettings.Quota> named = new java.util.LinkedHashMap<>();
        QuotaSettings.Quota others = QuotaSettings.Quota.NONE;
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String application =
                    colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
            boolean everyOther = application.equals("*");
            if (colon < 0 || (!everyOther && !dev.roger.spi.Names.isValid(application))) {
                throw new InvalidConfigurationException(
                        QUOTAS,
                        text,
                        "'" + entry.trim() + "' should be application:waiting=N,parked=N (or *:... for every other"
                                + " application), the application " + dev.roger.spi.Names.rule());
            }
            if (named.containsKey(application) || (everyOther && others != QuotaSettings.Quota.NONE)) {
                throw new InvalidConfigurationException(QUOTAS, text, "'" + application + "' is named twice");
            }
            QuotaSettings.Quota quota = quota(text, application, entry.substring(colon + 1));
            if (everyOther) {
                others = quota;
            } else {
                named.put(application, quota);
            }
        }
        return new QuotaSettings(named, others);
    }

    private static QuotaSettings.Quota quota(String text, String application, String bounds) {
        long waiting = 0;
        long parked = 0;
        for (String bound : bounds.split(",")) {
            int equals = bound.indexOf('=');
            String name = equals < 0 ? bound.trim() : bound.substring(0, equals).trim();
            long value;
            try {
                value = equals < 0
                        ? -1
                        : Long.parseLong(bound.substring(equals + 1).trim());
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || !(name.equals("waiting") || name.equals("parked"))) {
                throw new InvalidConfigurationException(
                        QUOTAS,
                        text,
                        "'" + bound.trim() + "' of '" + application
                                + "' should be waiting=N or parked=N, N a whole number of 1 or more");
            }
            if (name.equals("waiting")) {
                waiting = value;
            } else {
                parked = value;
            }
        }
        return new QuotaSettings.Quota(waiting, parked);
    }

    /** {@code roger.history.minutes} (1 hour to 7 days of points per minute) and {@code roger.history.hours} (1 to 400 days per hour). */
    private HistorySettings history() {
        return new HistorySettings(
                Duration.ofMinutes(
                        integer(HISTORY_MINUTES, (int) HistorySettings.DEFAULT_MINUTES.toMinutes(), 60, 7 * 24 * 60)),
                Duration.ofHours(integer(HISTORY_HOURS, (int) HistorySettings.DEFAULT_HOURS.toHours(), 24, 400 * 24)));
    }

    /**
     * {@code roger.recurring=myapp/nightly,myapp/every-5-minutes}, then per job
     * {@code roger.recurring.myapp.nightly.type}, {@code .cron}, and optionally {@code .args} (JSON,
     * default {@code {}}), {@code .zone} (default UTC), {@code .missed} (catch-up or skip) and
     * {@code .overlap} (true or false).
     */
    private List<RecurringConfig> recurring() {
        List<RecurringConfig> jobs = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String entry : text(RECURRING, "").split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int slash = trimmed.indexOf('/');
            String application = slash < 0 ? "" : trimmed.substring(0, slash);
            String name = slash < 0 ? "" : trimmed.substring(slash + 1);
            if (!dev.roger.spi.Names.isValid(application) || !name.matches("[A-Za-z0-9_-]{1,100}")) {
                throw new InvalidConfigurationException(
                        RECURRING,
                        text(RECURRING, ""),
                        "'" + trimmed + "' should look like application/name (application " + dev.roger.spi.Names.rule()
                                + ", name 1 to 100 letters, digits, underscores or dashes)");
            }
            if (!seen.add(trimmed)) {
                throw new InvalidConfigurationException(
                        RECURRING, text(RECURRING, ""), "names '" + trimmed + "' twice");
            }
            jobs.add(recurring(application, name));
        }
        return List.copyOf(jobs);
    }

    private RecurringConfig recurring(String application, String name) {
        String prefix = RECURRING + "." + application + "." + name + ".";
        String type = value(prefix + "type")
                .map(String::trim)
                .orElseThrow(() -> new InvalidConfigurationException(prefix + "type", "", "is required"));
        String cron = value(prefix + "cron")
                .orElseThrow(() -> new InvalidConfigurationException(prefix + "cron", "", "is required"));
        String zone = text(prefix + "zone", "UTC").trim();
        try {
            dev.roger.cron.FireTimes.parse(cron, dev.roger.cron.FireTimes.zone(zone));
        } catch (IllegalArgumentException e) {
            boolean badZone = e.getMessage().startsWith("time zone");
            throw new InvalidConfigurationException(
                    prefix + (badZone ? "zone" : "cron"), badZone ? zone : cron, e.getMessage());
        }
        String args = text(prefix + "args", "{}");
        try {
            jakarta.json.Json.createReader(new java.io.StringReader(args)).readValue();
        } catch (jakarta.json.JsonException e) {
            throw new InvalidConfigurationException(prefix + "args", args, "is not JSON: " + e.getMessage());
        }
        String missed = text(prefix + "missed", "catch-up").trim().toLowerCase(java.util.Locale.ROOT);
        MissedFires missedFires = switch (missed) {
            case "catch-up" -> MissedFires.CATCH_UP;
            case "skip" -> MissedFires.SKIP;
            default -> throw new InvalidConfigurationException(prefix + "missed", missed, "must be catch-up or skip");
        };
        return new RecurringConfig(
                application, name, type, args, cron, zone, missedFires, bool(prefix + "overlap", true));
    }

    private RecordSettings records() {
        java.util.Set<String> off = new java.util.LinkedHashSet<>();
        for (String application : text(RECORDS_OFF, "").split(",")) {
            String trimmed = application.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!dev.roger.spi.Names.isValid(trimmed)) {
                throw new InvalidConfigurationException(
                        RECORDS_OFF, text(RECORDS_OFF, ""), "'" + trimmed + "' is not an application name");
            }
            off.add(trimmed);
        }
        RecordSettings defaults = RecordSettings.DEFAULTS;
        return new RecordSettings(
                bool(RECORDS, defaults.on()),
                java.util.Set.copyOf(off),
                integer(RECORDS_BUFFER, defaults.buffer(), 1_000, 10_000_000),
                Duration.ofSeconds(integer(
                        RECORDS_KEEP_SUCCEEDED, (int) defaults.keepSucceeded().toSeconds(), 1, Integer.MAX_VALUE)),
                Duration.ofSeconds(
                        integer(RECORDS_KEEP_FAILED, (int) defaults.keepFailed().toSeconds(), 1, Integer.MAX_VALUE)),
                scheduleHorizon().plus(RecordSettings.LONGEST_JOB));
    }

    private Duration scheduleHorizon() {
        return Duration.ofDays(integer(SCHEDULE_MAX_HORIZON, DEFAULT_SCHEDULE_MAX_HORIZON_DAYS, 1, 100 * 365));
    }

    private ClusterSettings cluster() {
        Optional<String> name = value(INSTANCE_NAME).map(String::trim);
        name.ifPresent(n -> {
            if (n.length() > 200) {
                throw new InvalidConfigurationException(INSTANCE_NAME, n, "must be at most 200 characters");
            }
        });
        Duration heartbeat = Duration.ofSeconds(
                integer(CLUSTER_HEARTBEAT, (int) ClusterSettings.DEFAULT_HEARTBEAT.toSeconds(), 1, 60));
        Duration deadAfter = Duration.ofSeconds(
                integer(CLUSTER_DEAD_AFTER, (int) ClusterSettings.DEFAULT_DEAD_AFTER.toSeconds(), 3, 3600));
        if (deadAfter.compareTo(heartbeat.multipliedBy(ClusterSettings.MISSED_HEARTBEATS)) < 0) {
            throw new InvalidConfigurationException(
                    CLUSTER_DEAD_AFTER,
                    String.valueOf(deadAfter.toSeconds()),
                    "must be at least " + ClusterSettings.MISSED_HEARTBEATS + " times " + CLUSTER_HEARTBEAT + " ("
                            + heartbeat.toSeconds() + " s)");
        }
        return new ClusterSettings(
                name,
                text(DATASOURCE, ClusterSettings.DEFAULT_DATA_SOURCE).trim(),
                Duration.ofSeconds(integer(CONSUMER_TIMEOUT, DEFAULT_CONSUMER_TIMEOUT_SECONDS, 2, 86_400 * 7)),
                Duration.ofSeconds(integer(CALL_TIMEOUT, DEFAULT_CALL_TIMEOUT_SECONDS, 1, 600)),
                clusterSecret(),
                heartbeat,
                deadAfter,
                Duration.ofSeconds(integer(
                        DATABASE_TIMEOUT, (int) ClusterSettings.DEFAULT_DATABASE_TIMEOUT.toSeconds(), 0, 3600)));
    }

    private Optional<Secret> clusterSecret() {
        Optional<String> secret = value(CLUSTER_SECRET);
        if (secret.isPresent() && secret.get().length() < ClusterSettings.SHORTEST_SECRET) {
            throw new InvalidConfigurationException(
                    CLUSTER_SECRET, "<hidden>", "must be at least " + ClusterSettings.SHORTEST_SECRET + " characters");
        }
        return secret.map(Secret::new);
    }

    private BrokerSettings broker() {
        Optional<String> uri = value(AMQP_URI);
        uri.ifPresent(ConfigReader::checkUri);
        String host = text(AMQP_HOST, "localhost");
        int port = integer(AMQP_PORT, 5672, 1, 65535);
        List<String> addresses = value(AMQP_ADDRESSES)
                .map(a -> addresses(AMQP_ADDRESSES, a))
                .orElse(uri.isPresent() ? List.of() : List.of(host + ":" + port));
        return new BrokerSettings(
                uri,
                addresses,
                text(AMQP_VIRTUAL_HOST, "/"),
                text(AMQP_USERNAME, "guest"),
                text(AMQP_PASSWORD, "guest"),
                Duration.ofSeconds(integer(AMQP_HEARTBEAT, DEFAULT_HEARTBEAT_SECONDS, 0, 3600)),
                bool(AMQP_TLS, false),
                Duration.ofSeconds(integer(AMQP_CONFIRM_TIMEOUT, DEFAULT_CONFIRM_TIMEOUT_SECONDS, 1, 3600)));
    }

    /** The URI may hold the password: no message repeats it, not even the parser's. */
    private static void checkUri(String uri) {
        if (!uri.startsWith("amqp://") && !uri.startsWith("amqps://")) {
            throw new InvalidConfigurationException(AMQP_URI, "<hidden>", "must start with amqp:// or amqps://");
        }
        try {
            java.net.URI parsed = new java.net.URI(uri);
            if (parsed.getHost() == null) {
                throw new InvalidConfigurationException(AMQP_URI, "<hidden>", "names no host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new InvalidConfigurationException(
                    AMQP_URI,
                    "<hidden>",
                    "is not a valid URI (" + e.getReason() + " at character " + e.getIndex() + ")");
        }
    }

    private static List<String> addresses(String key, String text) {
        List<String> addresses = new ArrayList<>();
        for (String address : text.split(",")) {
            String trimmed = address.trim();
            int colon = trimmed.lastIndexOf(':');
            try {
                if (colon <= 0 || Integer.parseInt(trimmed.substring(colon + 1)) <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(key, text, "'" + trimmed + "' should look like host:port");
            }
            addresses.add(trimmed);
        }
        return List.copyOf(addresses);
    }

    private List<Integer> retryDelays() {
        String text = text(RETRY_DELAYS, DEFAULT_RETRY_DELAYS);
        List<Integer> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int delay = Integer.parseInt(part.trim());
                if (delay <= 0) {
                    throw new NumberFormatException();
                }
                delays.add(delay);
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(
                        RETRY_DELAYS, text, "'" + part.trim() + "' is not a positive whole number of seconds");
            }
        }
        return List.copyOf(delays);
    }

    private QueueType queueType() {
        String text = text(QUEUE_TYPE, "quorum");
        return Arrays.stream(QueueType.values())
                .filter(t -> t.argument().equals(text.trim().toLowerCase()))
                .findFirst()
                .orElseThrow(() -> new InvalidConfigurationException(QUEUE_TYPE, text, "must be quorum or classic"));
    }

    private int integer(String key, int fallback, int min, int max) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(text.get().trim());
            if (number < min || number > max) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidConfigurationException(
                    key, text.get(), "must be a whole number from " + min + " to " + max);
        }
    }

    private boolean bool(String key, boolean fallback) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigurationException(key, text.get(), "must be true or false");
        };
    }

    private String text(String key, String fallback) {
        return value(key).orElse(fallback);
    }

    private Optional<String> value(String key) {
        return lookup.apply(key).filter(v -> !v.isBlank());
    }
}
