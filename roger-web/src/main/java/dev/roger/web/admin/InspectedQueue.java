package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.describe;
import static dev.roger.web.admin.PageActions.error;
import static dev.roger.web.admin.PageActions.info;

import dev.roger.api.BuriedJob;
import dev.roger.api.Listing;
import dev.roger.api.ParkedMessage;
import dev.roger.api.QueuedJob;
import dev.roger.api.RogerService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The queue inspected on the admin page, as RabbitMQ holds it: its queued jobs peeked at (when records
 * are off for its application; else {@link RecordsView} lists them from the records), its buried jobs
 * and its application's parked messages, the first {@link #PEEK_LIMIT} of each, with retry and delete.
 * Read when the queue is inspected and after every action here (which reads the records again too);
 * acting needs roger-admin, checked on the server.
 */
@Named("inspected")
@ViewScoped
public class InspectedQueue implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int PEEK_LIMIT = 50;

    @Inject
    RogerService roger;

    @Inject
    RecordsView records;

    private String application;
    private String queue;
    private List<QueuedJob> queued = List.of();
    private List<BuriedJob> buried = List.of();
    private List<ParkedMessage> parked = List.of();

    public void inspect(String inspectedApplication, String inspectedQueue) {
        application = inspectedApplication;
        queue = inspectedQueue;
        inspect();
    }

    private void inspect() {
        if (blank(application) || blank(queue)) {
            error("inspectForm:queue", "Choose an application and a queue.");
            return;
        }
        records.show(application, queue);
        try {
            queued = List.of(); // a refused peek shows none rather than the last queue's
            if (!records.isOn()) { // else the page lists the queued jobs from the records
                queued = shown(roger.queuedJobs(application, queue, PEEK_LIMIT), "queued jobs");
            }
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
        try {
            buried = shown(roger.buriedJobs(application, queue, PEEK_LIMIT), "buried jobs");
            parked = shown(roger.parkedMessages(application, PEEK_LIMIT), "parked messages");
        } catch (RuntimeException e) {
            error(null, describe(e));
        }
    }

    private static <T> List<T> shown(Listing<T> listing, String what) {
        if (listing.truncated()) {
            info("Showing the first " + listing.items().size() + " " + what + ": a listing stops at "
                    + Listing.BYTE_BUDGET / 1024 + " KiB.");
        }
        return listing.items();
    }

    // buried jobs ---------------------------------------------------------------------------------

    public void retryBuried(String id) {
        act(
                () -> {
                    if (!roger.retryBuried(application, queue, id)) {
                        throw new IllegalArgumentException("job " + id + " is no longer buried");
                    }
                },
                "Job " + id + " is queued again.");
        inspect();
    }

    public void retryAllBuried() {
        act(() -> info(roger.retryAllBuried(application, queue) + " buried job(s) queued again."), null);
        inspect();
    }

    public void deleteBuried(String id) {
        act(() -> roger.deleteBuried(application, queue, id), "Buried job " + id + " deleted.");
        inspect();
    }

    // parked messages -----------------------------------------------------------------------------

    public void retryParked(String parkedId) {
        act(
                () -> {
                    if (!roger.retryParked(application, parkedId)) {
                        throw new IllegalArgumentException("the message is no longer parked");
                    }
                },
                "Parked message queued again.");
        inspect();
    }

    public void deleteParked(String parkedId) {
        act(() -> roger.deleteParked(application, parkedId), "Parked message deleted.");
        inspect();
    }

    // for the page --------------------------------------------------------------------------------

    public String getApplication() {
        return application;
    }

    public String getQueue() {
        return queue;
    }

    public List<QueuedJob> getQueued() {
        return queued;
    }

    public List<BuriedJob> getBuried() {
        return buried;
    }

    public List<ParkedMessage> getParked() {
        return parked;
    }
}
