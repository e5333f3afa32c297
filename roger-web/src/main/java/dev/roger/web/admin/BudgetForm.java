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

/**
 * The admin page's worker budget form: the most jobs this instance runs at once, until it stops
 * ({@code roger.workers.max} is the lasting value); acting needs roger-admin, checked on the server.
 */
@Named("budgetForm")
@ViewScoped
public class BudgetForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    private String max;

    public void resize() {
        Integer parsed = wholeNumber(max, 1, WorkerBudgetStatus.MOST_WORKERS);
        if (parsed == null) {
            error(
                    "budgetForm:max",
                    "Jobs at once: give a whole number from 1 to " + WorkerBudgetStatus.MOST_WORKERS + ", not '"
                            + (max == null ? "" : max.trim()) + "'.");
            return;
        }
        act(
                () -> roger.resizeWorkerBudget(parsed),
                "The worker budget of " + roger.instanceName() + " is now " + parsed + " jobs at once.");
    }

    /** The number in {@code text} when it is whole and within the bounds, else null. */
    static Integer wholeNumber(String text, int least, int most) {
        if (blank(text)) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            return value >= least && value <= most ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // for the page --------------------------------------------------------------------------------

    /** Shows the current budget until the operator types another. */
    public String getMax() {
        return max != null ? max : String.valueOf(roger.workerBudget().max());
    }

    public void setMax(String value) {
        max = value;
    }
}
