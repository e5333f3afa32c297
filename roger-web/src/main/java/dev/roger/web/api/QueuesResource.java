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

/** One queue of an application: pause, resume, peek, purge. */
@Path("applications/{application}/queues/{queue}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class QueuesResource {

    @Inject
    RogerService roger;

    @PathParam("application")
    String application;

    @PathParam("queue")
    String queue;

    @POST
    @Path("pause")
    public Response pause() {
        roger.pause(application, queue);
        return state(true);
    }

    @POST
    @Path("resume")
    public Response resume() {
        roger.resume(application, queue);
        return state(false);
    }

    /** Up to {@code limit} queued jobs, oldest first; none is taken off the queue. {@code Roger-Truncated} says if the byte budget cut it short. */
    @GET
    @Path("jobs")
    public Response peek(@QueryParam("limit") @DefaultValue("20") int limit) {
        return Listings.ok(roger.queuedJobs(application, queue, limit));
    }

    /** Empties the queue; needs {@code ?confirm=true}. */
    @DELETE
    @Path("jobs")
    public Response purge(@QueryParam("confirm") boolean confirm) {
        if (!confirm) {
            return Problem.of(
                    Response.Status.BAD_REQUEST,
                    "purging deletes every queued job of " + application + "-" + queue + "; repeat with ?confirm=true",
                    "confirm");
        }
        long purged = roger.purge(application, queue);
        return Response.ok(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("purged", purged)
                        .build()
                        .toString())
                .build();
    }

    /** The queue's buried jobs, oldest first, with their last error. */
    @GET
    @Path("buried")
    public Response buried(@QueryParam("limit") @DefaultValue("50") int limit) {
        return Listings.ok(roger.buriedJobs(application, queue, limit));
    }

    @POST
    @Path("buried/{id}/retry")
    public Response retryBuried(@PathParam("id") String id) {
        if (!roger.retryBuried(application, queue, id)) {
            return Problem.of(
                    Response.Status.NOT_FOUND,
                    "no buried job " + id + " in queue " + queue + " of application " + application);
        }
        return Response.accepted(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("id", id)
                        .add("requeued", true)
                        .build()
                        .toString())
                .build();
    }

    @POST
    @Path("buried/retry-all")
    public Response retryAllBuried() {
        int count = roger.retryAllBuried(application, queue);
        return Response.accepted(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("requeued", count)
                        .build()
                        .toString())
                .build();
    }

    @DELETE
    @Path("buried/{id}")
    public Response deleteBuried(@PathParam("id") String id) {
        if (!roger.deleteBuried(application, queue, id)) {
            return Problem.of(
                    Response.Status.NOT_FOUND,
                    "no buried job " + id + " in queue " + queue + " of application " + application);
        }
        return Response.noContent().build();
    }

    private Response state(boolean paused) {
        return Response.ok(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("application", application)
                        .add("queue", queue)
                        .add("paused", paused)
                        .build()
                        .toString())
                .build();
    }
}
