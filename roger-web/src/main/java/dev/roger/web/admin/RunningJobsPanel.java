package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.error;

import dev.roger.api.RogerService;
import dev.roger.api.WorkerBudgetStatus;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;

/**
 * The admin page's running jobs (as {@link Overview} read them) and cancelling a job, from its row or
 * by its id in the cancel form; acting needs roger-admin, checked on the server.
 */
@Named("running")
@ViewScoped
public class RunningJobsPanel implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    @Inject
    Overview overview;

    // the cancel form
    private String cancelApplication;
    private String cancelId;

    public List<RunningRow> getJobs() {
        return overview.getRunning();
    }

    /** This instance's worker budget, read as the page renders. */
    public WorkerBudgetStatus getBudget() {
        return roger.workerBudget();
    }

    /** The applications with deliveries held for a place, {@code app (n)}, or empty. */
    public String getWaiting() {
        return getBudget().applications().stream()
                .filter(share -> share.waiting() > 0)
                .map(share -> share.application() + " (" + share.waiting() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The applications weighed other than 1, {@code app ×w}, or empty. */
    public String getWeights() {
        return getBudget().applications().stream()
                .filter(share -> share.weight() != 1)
                .map(share -> share.application() + " ×" + share.weight())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public void cancel(String application, String id) {
        act(() -> roger.cancel(application, id), "Cancel of job " + id + " sent to every instance.");
    }

    public void cancelById() {
        if (blank(cancelApplication) || blank(cancelId)) {
            error("cancelForm:cancelId", "Choose an application and give a job id.");
            return;
        }
        cancel(cancelApplication, cancelId.trim());
    }

    // for the page --------------------------------------------------------------------------------

    public String getCancelApplication() {
        return cancelApplication;
    }

    public void setCancelApplication(String value) {
        cancelApplication = value;
    }

    public String getCancelId() {
        return cancelId;
    }

    public void setCancelId(String value) {
        cancelId = value;
    }
}
