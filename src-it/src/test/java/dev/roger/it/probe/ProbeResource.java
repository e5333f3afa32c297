package dev.roger.it.probe;

import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Deployed with the tests: lets them read recorded events and drive RogerService directly. */
@Path("probe")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    @Inject
    Recorder recorder;

    @Inject
    RogerService roger;

    @GET
    @Path("events/{id}")
    public JsonValue events(@PathParam("id") String id) {
        return recorder.eventsOf(id);
    }

    /** Fails as a bug would, with words that must not reach the answer. */
    @GET
    @Path("bug")
    public JsonObject bug() {
        throw new IllegalStateException("jdbc:postgresql://db.internal/roger password=hunter2");
    }

    @GET
    @Path("events")
    public JsonObject allEvents() {
        return recorder.all();
    }

    @GET
    @Path("gauges/{name}")
    public JsonObject gauge(@PathParam("name") String name) {
        return recorder.gaugeJson(name);
    }

    @POST
    @Path("applications/{app}")
    @Consumes(MediaType.APPLICATION_JSON)
    public void start(@PathParam("app") String app, JsonObject queues) {
        roger.startApplication(app, toMap(queues));
    }

    @PUT
    @Path("applications/{app}")
    @Consumes(MediaType.APPLICATION_JSON)
    public void reconfigure(@PathParam("app") String app, JsonObject queues) {
        roger.reconfigureApplication(app, toMap(queues));
    }

    @DELETE
    @Path("applications/{app}")
    public void stop(@PathParam("app") String app, @QueryParam("safe") boolean safe) {
        if (safe) {
            roger.safeStopApplication(app);
        } else {
            roger.stopApplication(app);
        }
    }

    @GET
    @Path("job-types")
    public JsonValue jobTypes() {
        return Json.createArrayBuilder(roger.jobTypes()).build();
    }

    private static Map<String, Integer> toMap(JsonObject queues) {
        Map<String, Integer> map = new LinkedHashMap<>();
        queues.forEach((name, value) -> map.put(name, ((jakarta.json.JsonNumber) value).intValue()));
        return map;
    }
}
