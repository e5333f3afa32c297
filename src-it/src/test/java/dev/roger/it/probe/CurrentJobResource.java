package dev.roger.it.probe;

import dev.roger.api.CurrentJob;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Deployed with the tests: opens the current-job probe's gates and reads what its jobs saw. */
@Path("probe/current")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CurrentJobResource {

    @Inject
    CurrentJobProbe probe;

    @Inject
    CurrentJob current;

    @POST
    @Path("gates/{gate}")
    public void open(@PathParam("gate") String gate) {
        probe.open(gate);
    }

    @GET
    @Path("seen/{id}")
    public JsonObject seen(@PathParam("id") String id) {
        return probe.seenBy(id);
    }

    /** What CurrentJob answers on a request thread, which runs no job. */
    @GET
    @Path("outside")
    public JsonObject outside() {
        try {
            return Json.createObjectBuilder().add("id", current.id()).build();
        } catch (IllegalStateException e) {
            return Json.createObjectBuilder().add("refused", e.getMessage()).build();
        }
    }
}
