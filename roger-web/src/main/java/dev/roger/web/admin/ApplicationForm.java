package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.error;

import dev.roger.api.RateLimit;
import dev.roger.api.RogerService;
import dev.roger.api.WorkerBudgetStatus;
import dev.roger.spi.QueueSpec;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * The admin page's application form: starts an application on this instance, reconfigures it when it
 * runs here already, or stops it here (safely, letting its running jobs finish, or not); acting needs
 * roger-admin, checked on the server.
 */
@Named("applicationForm")
@ViewScoped
public class ApplicationForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    private String name;
    private String queues;
    private String weight;
    private String rateLimit;
    private boolean safeStop = true;

    /** Starts the application here, or reconfigures it when it runs here already. */
    public void startOrReconfigure() {
        Map<String, Integer> parsed;
        Map<String, Optional<RateLimit>> queueLimits;
        try {
            parsed = QueueSpec.parse(queues == null ? "" : queues);
            queueLimits = QueueSpec.rateLimits(queues == null ? "" : queues);
        } catch (IllegalArgumentException e) {
            error("applicationForm:queues", "Queues: queues=" + queues + ": " + e.getMessage());
            return;
        }
        if (blank(name)) {
            error("applicationForm:name", "Give the application a name.");
            return;
        }
        Integer parsedWeight = BudgetForm.wholeNumber(weight, 1, WorkerBudgetStatus.MOST_WEIGHT);
        if (!blank(weight) && parsedWeight == null) {
            error(
                    "applicationForm:weight",
                    "Weight: give a whole number from 1 to " + WorkerBudgetStatus.MOST_WEIGHT + ", not '"
                            + weight.trim() + "'.");
            return;
        }
        Optional<RateLimit> applicationLimit = null;
        if (!blank(rateLimit)) {
            try {
                applicationLimit = QueueSpec.rateLimit(rateLimit);
            } catch (IllegalArgumentException e) {
                error("applicationForm:rateLimit", "Rate limit: " + e.getMessage() + " (or none to lift it).");
                return;
            }
        }
        Optional<RateLimit> wholeApplication = applicationLimit;
        String application = name.trim();
        boolean runsHere = roger.applications().stream().anyMatch(a -> a.name().equals(application));
        act(
                () -> {
                    if (runsHere) {
                        roger.reconfigureApplication(application, parsed);
                    } else {
                        roger.startApplication(application, parsed);
                    }
                    if (parsedWeight != null) {
                        roger.weighApplication(application, parsedWeight);
                    }
                    queueLimits.forEach((queue, limit) -> roger.limitRate(application, queue, limit.orElse(null)));
                    if (wholeApplication != null) {
                        roger.limitRate(application, null, wholeApplication.orElse(null));
                    }
                },
                (runsHere ? "Reconfigured " : "Started ") + application + " on " + roger.instanceName() + ".");
    }

    public void stop() {
        if (blank(name)) {
            error("applicationForm:name", "Give the name of the application to stop.");
            return;
        }
        String application = name.trim();
        act(
                () -> {
                    if (safeStop) {
                        roger.safeStopApplication(application);
                    } else {
                        roger.stopApplication(application);
                    }
                },
                "Stopped " + application + " on " + roger.instanceName()
                        + (safeStop ? " (running jobs finish)." : "."));
    }

    // for the page --------------------------------------------------------------------------------

    public String getName() {
        return name;
    }

    public void setName(String value) {
        name = value;
    }

    public String getQueues() {
        return queues;
    }

    public void setQueues(String value) {
        queues = value;
    }

    public String getWeight() {
        return weight;
    }

    public void setWeight(String value) {
        weight = value;
    }

    public boolean isSafeStop() {
        return safeStop;
    }

    public void setSafeStop(boolean value) {
        safeStop = value;
    }

    public String getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(String rateLimit) {
        this.rateLimit = rateLimit;
    }
}
