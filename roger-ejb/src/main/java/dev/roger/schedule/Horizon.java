package dev.roger.schedule;

import dev.roger.api.InvalidJobException;
import java.time.Duration;
import java.time.Instant;

/**
 * How far ahead a job may be scheduled ({@code roger.schedule.max-horizon}). A time further ahead is
 * a mistake, not a plan, and one far enough (the year 300,000,000) would not fit the database's epoch
 * milliseconds: it is refused at once, naming the setting, instead of failing later.
 */
public record Horizon(Duration max) {

    /** Refuses a time to run at further ahead than the horizon. */
    public void checkTime(Instant at, Instant now) {
        if (at.isAfter(now.plus(max))) {
            throw new InvalidJobException("the time to run at (" + at + ") is more than " + max.toDays()
                    + " days ahead, further than roger.schedule.max-horizon allows");
        }
    }

    /** Refuses a delay longer than the horizon. */
    public void checkDelay(Duration delay) {
        if (delay.compareTo(max) > 0) {
            throw new InvalidJobException("the delay (" + delay.toDays() + " days) is longer than the " + max.toDays()
                    + " days roger.schedule.max-horizon allows");
        }
    }
}
