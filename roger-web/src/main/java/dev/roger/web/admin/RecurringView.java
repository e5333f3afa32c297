package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.describe;
import static dev.roger.web.admin.PageActions.error;

import dev.roger.api.RecurringJob;
import dev.roger.api.RogerService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The inspected application's recurring jobs on the admin page, with their next and last fire: pause,
 * resume, run now and delete (a recurring job from the configuration is not deleted here: the
 * configuration owns it). Read when a queue is inspected and after every action here; acting needs
 * roger-admin, checked on the server.
 */
@Named("recurring")
@ViewScoped
public class RecurringView implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    private String application;
    private transient List<RecurringJob> items = List.of();

    /** Shows the application's recurring jobs. */
    public void show(String inspected) {
        application = inspected;
        load();
    }

    /** Reads the list again. */
    public void load() {
        if (blank(application)) {
            return;
        }
        try {
            items = roger.recurringJobs(application);
        } catch (RuntimeException e) {
            items = List.of();
            error(null, describe(e));
        }
    }

    public void pause(String name) {
        act(() -> found(roger.pauseRecurring(application, name), name), "Recurring job " + name + " paused.");
        load();
    }

    public void resume(String name) {
        act(() -> found(roger.resumeRecurring(application, name), name), "Recurring job " + name + " resumed.");
        load();
    }

    public void runNow(String name) {
        act(
                () -> {
                    String id = roger.runRecurringNow(application, name).orElseThrow(() -> gone(name));
                    PageActions.info("Recurring job " + name + " enqueued job " + id + ".");
                },
                null);
        load();
    }

    /** Refused by the engine (and shown as the page shows errors) for a recurring job from the configuration. */
    public void delete(String name) {
        act(() -> found(roger.deleteRecurring(application, name), name), "Recurring job " + name + " deleted.");
        load();
    }

    private static void found(boolean found, String name) {
        if (!found) {
            throw gone(name);
        }
    }

    private static IllegalArgumentException gone(String name) {
        return new IllegalArgumentException("there is no recurring job " + name + " any more");
    }

    // for the page --------------------------------------------------------------------------------

    public String getApplication() {
        return application;
    }

    public List<RecurringJob> getItems() {
        return items == null ? List.of() : items;
    }
}
