package dev.roger.web.api;

import dev.roger.api.RogerService;
import dev.roger.api.WorkerBudgetStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * This instance's worker budget: {@code {"max": N, "running": N, "waiting": N, "applications":
 * [{"application", "weight", "running", "waiting"}]}}, where waiting counts the deliveries held for a place.
 */
@Path("workers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkersResource {

    @Inject
    RogerService roger;

    @GET
    public String budget() {
        WorkerBudgetStatus budget = roger.workerBudget();
        JsonArrayBuilder applications = JsonBodies.JSON.createArrayBuilder();
        for (WorkerBudgetStatus.Share share : budget.applications()) {
            applications.add(JsonBodies.JSON
                    .createObjectBuilder()
                    .add("application", share.application())
                    .add("weight", share.weight())
                    .add("running", share.running())
                    .add("waiting", share.waiting()));
        }
        return JsonBodies.JSON
                .createObjectBuilder()
                .add("max", budget.max())
                .add("running", budget.running())
                .add("waiting", budget.waiting())
                .add("applications", applications)
                .build()
                .toString();
    }
}
