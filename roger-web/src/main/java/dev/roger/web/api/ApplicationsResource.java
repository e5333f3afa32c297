package dev.roger.web.api;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.EnqueueOptions;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/** Applications of this instance, and enqueueing jobs into them. */
@Path("applications")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    @Inject
    RogerService roger;

    @GET
    public List<ApplicationInfo> applications() {
        return roger.applications();
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
}
