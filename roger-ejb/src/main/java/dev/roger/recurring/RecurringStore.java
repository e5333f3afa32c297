package dev.roger.recurring;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * Recurring jobs and their fires, in the shared database. A fire happens in the transaction that holds
 * its schedule's row ({@code FOR UPDATE SKIP LOCKED}): the fire's row is written, the job published,
 * the next fire time moved, then all commit together. So without crashes each time fires once; an
 * instance killed between the publish and the commit leaves the time due, and another instance fires it
 * again: one duplicate, never a loss.
 */
public interface RecurringStore {

    /** The database's clock, in epoch milliseconds. */
    long now();

    enum Defined {
        CREATED,
        REPLACED,
        /** A schedule of that name comes from the configuration, and this definition does not. */
        CONFIGURED
    }

    /**
     * Creates or replaces the definition. A schedule whose cron and zone did not change keeps its next
     * fire (so times missed while every instance was down are still seen as missed), and a paused one
     * stays paused; otherwise {@code row.nextFire()} applies.
     */
    Defined define(RecurringRow row);

    Optional<RecurringRow> find(String application, String name);

    /** The application's recurring jobs by name. */
    List<RecurringRow> list(String application);

    /** Every recurring job that the configuration owns. */
    List<RecurringRow> configured();

    /** Deletes the schedule and its fires; false when there is none. */
    boolean delete(String application, String name);

    /** Stops it firing; false when there is none. */
    boolean pause(String application, String name);

    /** Fires it again from {@code nextFire}; false when there is none. A schedule that was not paused keeps its next fire. */
    boolean resume(String application, String name, long nextFire);

    /** What one fire did, and the schedule's next fire time. */
    record Fired(RecurringFireRow fire, long nextFire) {}

    @FunctionalInterface
    interface Firing {
        /**
         * Decides and does one fire of a due schedule, while its row is locked; null leaves it due, to be
         * tried again (the broker did not take the job). {@code alreadyFired} says whether a fire time
         * has its row already. Must not throw.
         */
        Fired fire(RecurringRow due, long now, LongPredicate alreadyFired);
    }

    /**
     * Fires up to {@code limit} due schedules, soonest first, skipping those another instance holds;
     * returns how many were due.
     */
    int fireDue(int limit, Firing firing);

    /** Records a fire outside the schedule's times (a run now); its fire time is the database's now. */
    void ranNow(String application, String name, String jobId, String instance);

    /** The schedule's fires, latest first. */
    List<RecurringFireRow> fires(String application, String name, int offset, int limit);

    long countFires(String application, String name);

    /** The soonest next fire of a schedule that is not paused, and the database's now, read together. */
    record Next(OptionalLong fireAt, long now) {}

    Next next();
}
