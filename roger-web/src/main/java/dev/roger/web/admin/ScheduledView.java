package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.describe;
import static dev.roger.web.admin.PageActions.error;
import static dev.roger.web.admin.PageActions.info;

import dev.roger.api.Page;
import dev.roger.api.RogerService;
import dev.roger.api.ScheduledJob;
import dev.roger.web.api.JobTimes;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The inspected application's jobs waiting in the database, on the admin page: those scheduled for
 * later (run now, move, delete) and failed ones waiting for their next attempt (retry now, retry all,
 * delete), each list a page of {@link #PAGE_SIZE}. Read when a queue is inspected and after every
 * action here; acting needs roger-admin, checked on the server.
 */
@Named("schedule")
@ViewScoped
public class ScheduledView implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 20;
    private static final Pattern SECONDS = Pattern.compile("[+-]?[0-9]*\\.?[0-9]+");

    @Inject
    RogerService roger;

    private String application;
    private final Listed scheduled = new Listed();
    private final Listed retries = new Listed();
    /** What the operator typed in a scheduled job's move field, by job id. */
    private final HashMap<String, String> moveTo = new HashMap<>();

    /** One page of a list, with where it starts and how many there are in all. */
    public static final class Listed implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient List<ScheduledJob> items = List.of();
        private int offset;
        private long total;

        public List<ScheduledJob> getItems() {
            return items == null ? List.of() : items;
        }

        public int getOffset() {
            return offset;
        }

        public long getTotal() {
            return total;
        }

        /** "21-40 of 57", or "none". */
        public String getRange() {
            return total == 0
                    ? "none"
                    : (offset + 1) + "-" + (offset + getItems().size()) + " of " + total;
        }

        public boolean isFirst() {
            return offset == 0;
        }

        public boolean isLast() {
            return offset + PAGE_SIZE >= total;
        }

        void read(Function<Integer, Page<ScheduledJob>> reader) {
            Page<ScheduledJob> page = reader.apply(offset);
            if (page.items().isEmpty() && offset > 0 && page.total() > 0) {
                // the page emptied (its jobs ran or were deleted): show the last one that has any
                offset = (int) ((page.total() - 1) / PAGE_SIZE * PAGE_SIZE);
                page = reader.apply(offset);
            }
            items = page.items();
            total = page.total();
        }
    }

    /** Shows the application's lists (from their first pages when it is another application). */
    public void show(String inspected) {
        if (!inspected.equals(application)) {
            application = inspected;
            scheduled.offset = 0;
            retries.offset = 0;
            moveTo.clear();
        }
        load();
    }

    /** Reads both lists again at their current pages. */
    public void load() {
        if (blank(application)) {
            return;
        }
        try {
            scheduled.read(offset -> roger.scheduledJobs(application, offset, PAGE_SIZE));
            retries.read(offset -> roger.retries(application, offset, PAGE_SIZE));
        } catch (RuntimeException e) {
            scheduled.items = List.of();
            retries.items = List.of();
            error(null, describe(e));
        }
    }

    public void scheduledPage(int step) {
        scheduled.offset = Math.max(0, scheduled.offset + step * PAGE_SIZE);
        load();
    }

    public void retriesPage(int step) {
        retries.offset = Math.max(0, retries.offset + step * PAGE_SIZE);
        load();
    }

    // scheduled jobs ------------------------------------------------------------------------------

    public void runNow(String id) {
        act(() -> found(roger.runScheduledNow(application, id), id, "scheduled"), "Job " + id + " is due now.");
        load();
    }

    /** Moves the job to the instant or after the delay (seconds or ISO-8601 duration) typed in its row. */
    public void move(String id) {
        String typed = moveTo.get(id);
        if (blank(typed)) {
            error(null, "Move: give an ISO-8601 instant (2026-12-01T03:00:00Z) or a delay (600, PT10M).");
            return;
        }
        Instant when;
        try {
            when = when(typed);
        } catch (IllegalArgumentException e) {
            error(null, "Move: " + e.getMessage());
            return;
        }
        act(
                () -> {
                    found(roger.reschedule(application, id, when), id, "scheduled");
                    moveTo.remove(id);
                },
                "Job " + id + " is due at " + when + ".");
        load();
    }

    /** A delay when it reads as one (a number of seconds, or a duration "P…"), else an instant. */
    static Instant when(String typed) {
        String text = typed.trim();
        boolean delay = SECONDS.matcher(text).matches() || text.startsWith("P") || text.startsWith("p");
        return delay ? JobTimes.fromNow(JobTimes.delay(text)) : JobTimes.instant(text);
    }

    public void deleteScheduled(String id) {
        act(() -> found(roger.deleteScheduled(application, id), id, "scheduled"), "Scheduled job " + id + " deleted.");
        load();
    }

    // retries -------------------------------------------------------------------------------------

    public void retryNow(String id) {
        act(() -> found(roger.retryNow(application, id), id, "waiting for a retry"), "Job " + id + " is due now.");
        load();
    }

    public void retryAllNow() {
        act(() -> info(roger.retryAllNow(application) + " job(s) of " + application + " are due now."), null);
        load();
    }

    public void deleteRetry(String id) {
        act(() -> found(roger.deleteRetry(application, id), id, "waiting for a retry"), "Job " + id + " given up.");
        load();
    }

    private static void found(boolean found, String id, String what) {
        if (!found) {
            throw new IllegalArgumentException("job " + id + " is no longer " + what);
        }
    }

    // for the page --------------------------------------------------------------------------------

    public String getApplication() {
        return application;
    }

    public Listed getScheduled() {
        return scheduled;
    }

    public Listed getRetries() {
        return retries;
    }

    public Map<String, String> getMoveTo() {
        return moveTo;
    }
}
