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

/** The messages of an application that could not run: view them, retry them, delete them. */
@Path("applications/{application}/parked")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ParkedResource {

    @Inject
    RogerService roger;

    @PathParam("application")
    String application;

    @GET
    public Response parked(@QueryParam("limit") @DefaultValue("50") int limit) {
        return Listings.ok(roger.parkedMessages(application, limit));
    }

    /** Publishes the message to its queue again: 202, or 404 for an unknown id. */
    @POST
    @Path("{parkedId}/retry")
    public Response retry(@PathParam("parkedId") String parkedId) {
        if (!roger.retryParked(application, parkedId)) {
            return Problem.of(
                    Response.Status.NOT_FOUND, "no parked message " + parkedId + " in application " + application);
        }
        return Response.accepted().build();
    }

    @DELETE
    @Path("{parkedId}")
    public Response delete(@PathParam("parkedId") String parkedId) {
        if (!roger.deleteParked(application, parkedId)) {
            return Problem.of(
                    Response.Status.NOT_FOUND, "no parked message " + parkedId + " in application " + application);
        }
        return Response.noContent().build();
    }
}
