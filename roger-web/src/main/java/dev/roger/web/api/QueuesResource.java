package dev.roger.web.api;

import dev.roger.api.QueuePurge;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** One queue of an application: pause, resume, peek, purge (and the purge's progress). */
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

    @Context
    UriInfo uri;

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

    /**
     * Starts a purge of the queue, which runs in the background; needs {@code ?confirm=true}. 202 with
     * the purge, and its progress at {@code Location} ({@code .../purge}).
     */
    @DELETE
    @Path("jobs")
    public Response purge(@QueryParam("confirm") boolean confirm) {
        if (!confirm) {
            return Problem.of(
                    Response.Status.BAD_REQUEST,
                    "purging deletes every queued job of " + application + "-" + queue + "; repeat with ?confirm=true",
                    "confirm");
        }
        QueuePurge purge = roger.purge(application, queue);
        return Response.accepted(json(purge))
                .location(uri.getBaseUriBuilder()
                        .path("applications/{application}/queues/{queue}/purge")
                        .build(application, queue))
                .build();
    }

    /** The latest purge of the queue on any instance in the last ten minutes: its state and progress. */
    @GET
    @Path("purge")
    public Response purge() {
        return roger.purgeOf(application, queue)
                .map(purge -> Response.ok(json(purge)).build())
                .orElseGet(() -> Problem.of(
                        Response.Status.NOT_FOUND,
                        "no purge of " + application + "-" + queue + " in the last ten minutes",
                        null));
    }

    private static String json(QueuePurge purge) {
        var json = JsonBodies.JSON
                .createObjectBuilder()
                .add("application", purge.application())
                .add("queue", purge.queue())
                .add("instance", purge.instance())
                .add("state", purge.state())
                .add("total", purge.total())
                .add("purged", purge.purged())
                .add("startedAt", purge.startedAt().toString());
        if (purge.endedAt() != null) {
            json.add("endedAt", purge.endedAt().toString());
        }
        if (purge.error() != null) {
            json.add("error", purge.error());
        }
        return json.build().toString();
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
