package dev.roger.web.admin;

import dev.roger.api.RogerService;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.TreeSet;

/**
 * What the admin page's panels share: who looks (and whether they may act, which the page shows; the
 * actions check it again on the server, {@link PageActions}), the instance that answers, and the
 * forms' choices of applications and job types. Reading needs roger-viewer; acting needs roger-admin.
 *
 * <p>The panels: the cluster's instances and totals ({@link Overview}, read before every rendering),
 * its queues ({@link QueuesPanel}) and running jobs ({@link RunningJobsPanel}, also the cancel form),
 * the enqueue form ({@link EnqueueForm}), the application form ({@link ApplicationForm}), the job
 * history's chart ({@link HistoryView}) and the inspected queue: its queued, buried and parked messages
 * in RabbitMQ ({@link InspectedQueue}), its application's scheduled jobs and retries ({@link
 * ScheduledView}), recurring jobs ({@link RecurringView}) and job records ({@link RecordsView}, also the
 * job look-up).
 */
@Named("admin")
@ViewScoped
public class AdminPage implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    @Inject
    Overview overview;

    public boolean isAdmin() {
        return PageActions.isAdmin();
    }

    public String getUser() {
        return FacesContext.getCurrentInstance().getExternalContext().getRemoteUser();
    }

    public String getInstanceName() {
        return roger.instanceName();
    }

    /** Every application any instance runs, for the forms' choices. */
    public List<String> getApplications() {
        TreeSet<String> names = new TreeSet<>();
        overview.getQueues().forEach(q -> names.add(q.application()));
        roger.applications().forEach(a -> names.add(a.name()));
        return List.copyOf(names);
    }

    public List<String> getJobTypes() {
        return roger.jobTypes();
    }
}
