package dev.roger.web.api;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.RogerService;
import dev.roger.api.UnknownApplicationException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/** Applications: list, start or reconfigure, stop; enqueue and cancel their jobs. */
@Path("applications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    @Inject
    RogerService roger;

    /** This instance's applications, or with {@code ?scope=cluster} every live instance's. */
    @GET
    public Object applications(@QueryParam("scope") @DefaultValue("instance") String scope) {
        if (Scope.of(scope) == Scope.CLUSTER) {
            return roger.clusterInfo().instances().stream().map(i -> Map.of("instance", i.name(), "applications", i.applications()))
                    .toList();
        }
        return roger.applications();
    }

    /** Starts the application, or reconfigures it when it runs: body {@code {"queues": {"default": 10}}}. */
    @PUT
    @Path("{application}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response startOrReconfigure(@PathParam("application") String application, String body) {
        JsonObject json = JsonBodies.object(body);
        JsonValue queuesJson = json.get("queues");
        if (!(queuesJson instanceof JsonObject queuesObject)) {
            throw new IllegalArgumentException("field 'queues' is required: an object of queue name to concurrency");
        }
        Map<String, Integer> queues = new LinkedHashMap<>();
        queuesObject.forEach((queue, value) -> {
            // the range is the registry's to check, like for every other way of starting an application
            if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.bigIntegerValue().bitLength() > 31) {
                throw new IllegalArgumentException("concurrency of queue '" + queue + "' must be a whole number, not " + value);
            }
            queues.put(queue, number.intValue());
        });
        boolean running = roger.applications().stream().anyMatch(a -> a.name().equals(application));
        if (running) {
            roger.reconfigureApplication(application, queues);
            return Response.ok(find(application)).build();
        }
        roger.startApplication(application, queues);
        return Response.status(Response.Status.CREATED).entity(find(application)).build();
    }

    /** Stops the application on this instance; {@code ?safe=true} lets running jobs finish. */
    @DELETE
    @Path("{application}")
    public Response stop(@PathParam("application") String application, @QueryParam("safe") boolean safe) {
        if (safe) {
            roger.safeStopApplication(application);
        } else {
            roger.stopApplication(application);
        }
        return Response.noContent().build();
    }

    /** Body: {@code {"type": "sleep", "args": {...}, "queue": "other"}}; queue is optional. */
    @POST
    @Path("{application}/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enqueue(@PathParam("application") String application, String body, @Context UriInfo uri) {
        JsonObject json = JsonBodies.object(body);
        String type = JsonBodies.string(json, "type", true);
        String queue = JsonBodies.string(json, "queue", false);
        JsonValue args = json.getOrDefault("args", JsonValue.EMPTY_JSON_OBJECT);
        String id = roger.enqueue(application, type, args, new EnqueueOptions(queue));
        return Response.created(uri.getAbsolutePathBuilder().path(id).build())
                .entity(Json.createObjectBuilder().add("id", id).build().toString())
                .build();
    }

    /** Cancels the job wherever it is: queued, waiting to retry, or running on any instance. */
    @DELETE
    @Path("{application}/jobs/{id}")
    public Response cancel(@PathParam("application") String application, @PathParam("id") String id) {
        roger.cancel(application, id);
        return Response.accepted(Json.createObjectBuilder().add("id", id).add("cancelled", true).build().toString()).build();
    }

    private ApplicationInfo find(String application) {
        return roger.applications().stream().filter(a -> a.name().equals(application)).findFirst()
                .orElseThrow(() -> new UnknownApplicationException("application '" + application + "' is not started on this instance"));
    }
}
