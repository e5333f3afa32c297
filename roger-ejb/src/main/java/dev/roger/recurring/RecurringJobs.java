package dev.roger.recurring;

import dev.roger.api.ConfiguredRecurringJobException;
import dev.roger.api.InvalidJobException;
import dev.roger.api.MissedFires;
import dev.roger.api.Page;
import dev.roger.api.RecurringFire;
import dev.roger.api.RecurringJob;
import dev.roger.api.RecurringSchedule;
import dev.roger.config.RecurringConfig;
import dev.roger.cron.FireTimes;
import dev.roger.job.JobIds;
import dev.roger.keys.JobKeys;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The recurring jobs of the cluster: defined by configuration (which owns them) or at run time, kept
 * in the shared database, fired by every instance's {@link RecurringFirer}.
 */
public final class RecurringJobs implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecurringJobs.class.getName());
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private final RecurringStore store;
    private final FireEnqueuer enqueuer;
    private final JobIds ids;
    private final String instance;
    private final RecurringFirer firer;

    public RecurringJobs(
            RecurringStore store,
            FireEnqueuer enqueuer,
            JobKeys keys,
            JobIds ids,
            String instance,
            ScheduledExecutorService timer) {
        this.store = store;
        this.enqueuer = enqueuer;
        this.ids = ids;
        this.instance = instance;
        FireRules rules = new FireRules(
                enqueuer,
                keys::inLine,
                (application, name, fireAt) ->
                        ids.derived(application, fireAt, application + "/" + name + "@" + fireAt),
                instance);
        this.firer = new RecurringFirer(store, rules, timer);
    }

    /**
     * Defines the configured recurring jobs (a changed one is replaced; one unchanged keeps its next
     * fire, so times missed while every instance was down are caught up or skipped as it says), deletes
     * configured ones the configuration no longer names, and starts firing.
     *
     * @throws IllegalStateException naming the configured recurring job that cannot run, and why
     */
    public void start(List<RecurringConfig> configured) {
        Set<String> names = new HashSet<>();
        for (RecurringConfig job : configured) {
            names.add(job.application() + "/" + job.name());
            try {
                define(
                        job.application(),
                        job.name(),
                        job.jobType(),
                        jakarta.json.Json.createReader(new java.io.StringReader(job.args()))
                                .readValue(),
                        job.cron(),
                        FireTimes.zone(job.zone()),
                        job.missed(),
                        job.overlap(),
                        true);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "roger.recurring: recurring job " + job.application() + "/" + job.name() + " cannot run: "
                                + e.getMessage(),
                        e);
            }
        }
        for (RecurringRow row : store.configured()) {
            if (!names.contains(row.application() + "/" + row.name())) {
                store.delete(row.application(), row.name());
                LOG.info(() -> "recurring job " + row.application() + "/" + row.name()
                        + " is no longer in roger.recurring and was deleted");
            }
        }
        firer.wake();
    }

    public RecurringJob define(String application, String name, RecurringSchedule schedule) {
        return define(
                application,
                name,
                schedule.jobType(),
                schedule.args(),
                schedule.cron(),
                schedule.zone(),
                schedule.missed(),
                schedule.overlap(),
                false);
    }

    private RecurringJob define(
            String application,
            String name,
            String jobType,
            Object args,
            String cron,
            ZoneId zone,
            MissedFires missed,
            boolean overlap,
            boolean configured) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidJobException(
                    "recurring job name '" + name + "' must be 1 to 100 letters, digits, underscores or dashes");
        }
        FireTimes times;
        try {
            times = FireTimes.parse(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage(), e);
        }
        String json = enqueuer.check(application, jobType, args);
        long next = FireRules.next(times, store.now());
        RecurringStore.Defined defined = store.define(new RecurringRow(
                application,
                name,
                jobType,
                json,
                times.expression(),
                zone.getId(),
                missed.name(),
                overlap,
                configured,
                false,
                next,
                -1,
                null,
                null));
        if (defined == RecurringStore.Defined.CONFIGURED) {
            throw configuredElsewhere(application, name);
        }
        firer.wake();
        return find(application, name).orElseThrow();
    }

    private static ConfiguredRecurringJobException configuredElsewhere(String application, String name) {
        return new ConfiguredRecurringJobException("recurring job '" + name + "' of application '" + application
                + "' comes from the configuration (roger.recurring): change or delete it there");
    }

    public List<RecurringJob> list(String application) {
        return store.list(application).stream().map(RecurringJobs::view).toList();
    }

    public Optional<RecurringJob> find(String application, String name) {
        return store.find(application, name).map(RecurringJobs::view);
    }

    public Page<RecurringFire> fires(String application, String name, int offset, int limit) {
        List<RecurringFire> items = store.fires(application, name, offset, limit).stream()
                .map(fire -> new RecurringFire(
                        Instant.ofEpochMilli(fire.fireAt()),
                        Instant.ofEpochMilli(fire.firedAt()),
                        fire.jobId(),
                        fire.outcome(),
                        fire.instance()))
                .toList();
        return new Page<>(items, offset, store.countFires(application, name));
    }

    public boolean pause(String application, String name) {
        return store.pause(application, name);
    }

    public boolean resume(String application, String name) {
        Optional<RecurringRow> row = store.find(application, name);
        if (row.isEmpty()) {
            return false;
        }
        FireTimes times =
                FireTimes.parse(row.get().cron(), FireTimes.zone(row.get().zone()));
        boolean resumed = store.resume(application, name, FireRules.next(times, store.now()));
        firer.wake();
        return resumed;
    }

    /** Enqueues the job now, under the schedule's execution key when its runs must not overlap (it then waits its turn). */
    public Optional<String> runNow(String application, String name) {
        Optional<RecurringRow> row = store.find(application, name);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        RecurringRow job = row.get();
        String jobId = ids.next(application);
        enqueuer.enqueue(
                application, job.jobType(), job.args(), jobId, job.overlap() ? null : FireRules.executionKey(name));
        store.ranNow(application, name, jobId, instance);
        return Optional.of(jobId);
    }

    public boolean delete(String application, String name) {
        Optional<RecurringRow> row = store.find(application, name);
        if (row.isEmpty()) {
            return false;
        }
        if (row.get().configured()) {
            throw configuredElsewhere(application, name);
        }
        return store.delete(application, name);
    }

    private static RecurringJob view(RecurringRow row) {
        return new RecurringJob(
                row.application(),
                row.name(),
                row.jobType(),
                row.args(),
                row.cron(),
                row.zone(),
                MissedFires.valueOf(row.missed()),
                row.overlap(),
                row.configured(),
                row.paused(),
                row.nextFire() < 0 ? null : Instant.ofEpochMilli(row.nextFire()),
                row.lastFire() < 0 ? null : Instant.ofEpochMilli(row.lastFire()),
                row.lastJobId(),
                row.lastOutcome());
    }

    @Override
    public void close() {
        firer.close();
    }
}
