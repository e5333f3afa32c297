package dev.roger.web.api;

import dev.roger.api.RogerService;
import dev.roger.api.WorkerBudgetStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * This instance's worker budget: {@code {"max": N, "running": N, "waiting": N, "applications":
 * [{"application", "weight", "running", "waiting"}]}}, where waiting counts the deliveries held for a place;
 * {@code PUT} changes the budget (roger-admin).
 */
@Path("workers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkersResource {

    @Inject
    RogerService roger;

    @GET
    public String budget() {
        return json(roger.workerBudget());
    }

    /** {@code {"max": N}}: this instance's budget until it stops ({@code roger.workers.max} is the lasting one). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public String resize(String body) {
        JsonObject json = JsonBodies.object(body);
        JsonValue max = json.get("max");
        if (!(max instanceof JsonNumber number)
                || !number.isIntegral()
                || number.bigIntegerValue().bitLength() > 31) {
            throw new IllegalArgumentException(
                    "field 'max' is required: the most jobs that run at once here, a whole number");
        }
        return json(roger.resizeWorkerBudget(number.intValue()));
    }

    private static String json(WorkerBudgetStatus budget) {
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
