package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.describe;
import static dev.roger.web.admin.PageActions.error;

import dev.roger.api.JobQuery;
import dev.roger.api.JobRecord;
import dev.roger.api.Page;
import dev.roger.api.RogerService;
import dev.roger.api.UnknownJobException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Job records on the admin page: a job looked up by id (in the inspected application or another), and
 * the inspected application's records, each list a page of {@link #PAGE_SIZE}, latest change first:
 * its recent jobs filtered by state, queue and type; the jobs that failed for good (not retryable), with
 * a retry; and the inspected queue's queued jobs, which the page lists from the records rather than
 * peeking at the queue when records are on ({@link #isOn}). Read when a queue is inspected and after
 * every action here; acting needs roger-admin, checked on the server.
 */
@Named("records")
@ViewScoped
public class RecordsView implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = ScheduledView.PAGE_SIZE;

    @Inject
    RogerService roger;

    private String application;
    private String queue;
    /** Whether records are on for the inspected application (the engine says so when it refuses a listing). */
    private boolean on = true;

    private String state;
    private String filterQueue;
    private String type;
    private final Listed recent = new Listed();
    private final Listed failed = new Listed();
    private final Listed queued = new Listed();

    private String lookupApplication;
    private String lookupId;
    private transient JobRecord found;
    private String lookupOutcome;

    /** One page of a list of records, with where it starts and how many there are in all. */
    public static final class Listed implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient List<JobRecord> items = List.of();
        private int offset;
        private long total;

        public List<JobRecord> getItems() {
            return items == null ? List.of() : items;
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

        void read(IntFunction<Page<JobRecord>> reader) {
            Page<JobRecord> page = reader.apply(offset);
            if (page.items().isEmpty() && offset > 0 && page.total() > 0) {
                // the page emptied (its jobs moved on): show the last one that has any
                offset = (int) ((page.total() - 1) / PAGE_SIZE * PAGE_SIZE);
                page = reader.apply(offset);
            }
            items = page.items();
            total = page.total();
        }

        void clear() {
            items = List.of();
            total = 0;
        }

        void step(int step) {
            offset = Math.max(0, offset + step * PAGE_SIZE);
        }
    }

    /** Shows the application's records (from the first pages and without filters when it is another application). */
    public void show(String inspectedApplication, String inspectedQueue) {
        if (!inspectedApplication.equals(application)) {
            application = inspectedApplication;
            state = null;
            filterQueue = null;
            type = null;
            recent.offset = 0;
            failed.offset = 0;
        }
        if (!inspectedQueue.equals(queue)) {
            queue = inspectedQueue;
            queued.offset = 0;
        }
        load();
    }

    /** Reads the lists again at their current pages. */
    public void load() {
        if (blank(application)) {
            return;
        }
        try {
            queued.read(offset -> roger.jobs(application, new JobQuery("queued", queue, null), offset, PAGE_SIZE));
            recent.read(offset -> roger.jobs(application, filter(), offset, PAGE_SIZE));
            failed.read(offset -> roger.jobs(application, JobQuery.inState("failed"), offset, PAGE_SIZE));
            on = true;
        } catch (UnknownJobException e) {
            on = false;
            clear();
        } catch (RuntimeException e) {
            clear();
            error(null, describe(e));
        }
    }

    private void clear() {
        queued.clear();
        recent.clear();
        failed.clear();
    }

    private JobQuery filter() {
        return new JobQuery(orNull(state), orNull(filterQueue), orNull(type));
    }

    private static String orNull(String text) {
        return blank(text) ? null : text.trim();
    }

    /** Applies the filter from its first page. */
    public void applyFilter() {
        recent.offset = 0;
        load();
    }

    public void recentPage(int step) {
        recent.step(step);
        load();
    }

    public void failedPage(int step) {
        failed.step(step);
        load();
    }

    public void queuedPage(int step) {
        queued.step(step);
        load();
    }

    /** Runs a job that failed for good again, from its message. */
    public void retry(String id) {
        act(
                () -> {
                    if (!roger.retryFailed(application, id)) {
                        throw new IllegalArgumentException("job " + id + " has not failed (or its record is gone)");
                    }
                },
                "Job " + id + " is queued again.");
        load();
    }

    // looking a job up ----------------------------------------------------------------------------

    /** Looks the job up in the application given, or else the inspected one. */
    public void lookUp() {
        found = null;
        lookupOutcome = null;
        String in = blank(lookupApplication) ? application : lookupApplication.trim();
        if (blank(in) || blank(lookupId)) {
            error("jobForm:lookupId", "Give a job id, and an application unless a queue is inspected.");
            return;
        }
        String id = lookupId.trim();
        try {
            found = roger.job(in, id).orElse(null);
            if (found == null) {
                lookupOutcome = "No such job " + id + " in application " + in + ".";
            }
        } catch (UnknownJobException e) {
            lookupOutcome = "Records are off for application " + in + ": Roger keeps no record of its jobs.";
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
    }

    /** Looks up a job of the inspected application listed here. */
    public void lookUp(String id) {
        lookupApplication = application;
        lookupId = id;
        lookUp();
    }

    // for the page --------------------------------------------------------------------------------

    public String getApplication() {
        return application;
    }

    public String getQueue() {
        return queue;
    }

    public boolean isOn() {
        return on;
    }

    public List<String> getStates() {
        return JobRecord.STATES;
    }

    public Listed getRecent() {
        return recent;
    }

    public Listed getFailed() {
        return failed;
    }

    public Listed getQueued() {
        return queued;
    }

    public JobRecord getFound() {
        return found;
    }

    public String getLookupOutcome() {
        return lookupOutcome;
    }

    public String getState() {
        return state;
    }

    public void setState(String value) {
        state = value;
    }

    public String getFilterQueue() {
        return filterQueue;
    }

    public void setFilterQueue(String value) {
        filterQueue = value;
    }

    public String getType() {
        return type;
    }

    public void setType(String value) {
        type = value;
    }

    public String getLookupApplication() {
        return lookupApplication;
    }

    public void setLookupApplication(String value) {
        lookupApplication = value;
    }

    public String getLookupId() {
        return lookupId;
    }

    public void setLookupId(String value) {
        lookupId = value;
    }
}
