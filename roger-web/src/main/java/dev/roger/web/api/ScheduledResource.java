package dev.roger.web.api;

import dev.roger.api.Page;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
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
import java.time.Instant;

/** The jobs of an application scheduled for later: list them, run one now, move one, cancel one. */
@Path("applications/{application}/scheduled")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScheduledResource {

    static final int MAX_LIMIT = 500;

    @Inject
    RogerService roger;

    @PathParam("application")
    String application;

    /** A page, soonest due first: {@code {"items": [...], "offset": 0, "total": 12}}. */
    @GET
    public Response scheduled(
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("50") int limit) {
        checkPage(offset, limit);
        return Response.ok(roger.scheduledJobs(application, offset, limit)).build();
    }

    /** The paging parameters of the scheduled and retry lists. */
    static void checkPage(int offset, int limit) {
        if (offset < 0 || offset > Page.MAX_OFFSET || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset must be 0 to " + Page.MAX_OFFSET + " and limit 1 to " + MAX_LIMIT
                    + ", not " + offset + " and " + limit);
        }
    }

    /** Makes the job due now: 202, or 404 when no such job waits. */
    @POST
    @Path("{id}/run")
    public Response runNow(@PathParam("id") String id) {
        if (!roger.runScheduledNow(application, id)) {
            return notScheduled(id);
        }
        return Response.accepted().build();
    }

    /** Body {@code {"at": "2026-12-01T03:00:00Z"}} or {@code {"delay": 600}} (from now): 200, or 404. */
    @POST
    @Path("{id}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response move(@PathParam("id") String id, String body) {
        JsonObject json = JsonBodies.object(body);
        String at = JsonBodies.string(json, "at", false);
        String delay = BulkJobs.delay(json);
        if ((at == null) == (delay == null)) {
            throw new IllegalArgumentException("give 'at' (an ISO-8601 instant) or 'delay' (seconds), one of them");
        }
        Instant when = at != null ? JobTimes.instant(at) : JobTimes.fromNow(JobTimes.delay(delay));
        if (!roger.reschedule(application, id, when)) {
            return notScheduled(id);
        }
        return Response.ok(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("id", id)
                        .add("at", when.toString())
                        .build()
                        .toString())
                .build();
    }

    /** Cancels the scheduled job (its cancelled event fires): 204, or 404 when no such job waits. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        if (!roger.deleteScheduled(application, id)) {
            return notScheduled(id);
        }
        return Response.noContent().build();
    }

    private Response notScheduled(String id) {
        return Problem.of(Response.Status.NOT_FOUND, "no job " + id + " is scheduled in application " + application);
    }
}
