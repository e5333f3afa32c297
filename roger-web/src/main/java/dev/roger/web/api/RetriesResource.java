package dev.roger.web.api;

import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** An application's failed jobs waiting for their next attempt: list them, retry one or all now, give one up. */
@Path("applications/{application}/retries")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RetriesResource {

    @Inject
    RogerService roger;

    @PathParam("application")
    String application;

    /** A page, soonest attempt first: {@code {"items": [...], "offset": 0, "total": 3}}, each with its attempt and last error. */
    @GET
    public Response retries(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        ScheduledResource.checkPage(offset, limit);
        return Response.ok(roger.retries(application, offset, limit)).build();
    }

    /** Its next attempt is due now: 202, or 404 when no such job waits. */
    @POST
    @Path("{id}/run")
    public Response retryNow(@PathParam("id") String id) {
        if (!roger.retryNow(application, id)) {
            return notWaiting(id);
        }
        return Response.accepted().build();
    }

    /** Every waiting retry of the application is due now: 202 with {@code {"retried": N}}. */
    @POST
    @Path("run-all")
    public Response retryAllNow() {
        int retried = roger.retryAllNow(application);
        return Response.accepted(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("retried", retried)
                        .build()
                        .toString())
                .build();
    }

    /** Gives the job up (its cancelled event fires): 204, or 404 when no such job waits. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        if (!roger.deleteRetry(application, id)) {
            return notWaiting(id);
        }
        return Response.noContent().build();
    }

    private Response notWaiting(String id) {
        return Problem.of(
                Response.Status.NOT_FOUND, "no job " + id + " waits for a retry in application " + application);
    }
}
