package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.info;

import dev.roger.api.RogerService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The admin page's queues table: every queue of every application on every instance (as {@link
 * Overview} read it), paused, resumed and purged on every instance from here; acting needs
 * roger-admin, checked on the server. Its Inspect button is {@link InspectedQueue}'s.
 */
@Named("queues")
@ViewScoped
public class QueuesPanel implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    @Inject
    Overview overview;

    public List<QueueRow> getRows() {
        return overview.getQueues();
    }

    public void pause(String application, String queue) {
        act(() -> roger.pause(application, queue), "Paused " + application + "-" + queue + " on every instance.");
    }

    public void resume(String application, String queue) {
        act(() -> roger.resume(application, queue), "Resumed " + application + "-" + queue + ".");
    }

    public void purge(String application, String queue) {
        act(
                () -> info("Purging the " + roger.purge(application, queue).total() + " job(s) queued in " + application
                        + "-" + queue + ": the queue table shows its progress."),
                null);
    }
}
