package dev.roger.web.api;

import dev.roger.api.MissedFires;
import dev.roger.api.RecurringFire;
import dev.roger.api.RecurringJob;
import dev.roger.api.RecurringSchedule;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** An application's recurring jobs: define, list, pause, resume, run now, delete, and their fires. */
@Path("applications/{application}/recurring")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RecurringResource {

    @Inject
    RogerService roger;

    @PathParam("application")
    String application;

    /** Every recurring job of the application, by name: a JSON array. */
    @GET
    public Response list() {
        JsonArrayBuilder jobs = JsonBodies.JSON.createArrayBuilder();
        roger.recurringJobs(application).forEach(job -> jobs.add(json(job)));
        return Response.ok(jobs.build().toString()).build();
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return roger.recurringJob(application, name)
                .map(job -> Response.ok(json(job).toString()).build())
                .orElseGet(() -> unknown(name));
    }

    /**
     * Creates (201) or replaces (200) a recurring job: {@code {"type": "report", "args": {...}, "cron":
     * "0 3 * * *", "zone": "Europe/Amsterdam", "missed": "catch-up", "overlap": true}}; type and cron are
     * required. 409 for one from the configuration.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, String body) {
        JsonObject json = JsonBodies.object(body);
        String type = JsonBodies.string(json, "type", true);
        String cron = JsonBodies.string(json, "cron", true);
        String zoneText = JsonBodies.string(json, "zone", false);
        ZoneId zone;
        try {
            zone = zoneText == null ? ZoneOffset.UTC : ZoneId.of(zoneText);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("field 'zone': time zone '" + zoneText + "' is not known");
        }
        JsonValue args = json.getOrDefault("args", JsonValue.EMPTY_JSON_OBJECT);
        boolean existed = roger.recurringJob(application, name).isPresent();
        RecurringJob job = roger.scheduleRecurring(
                application,
                name,
                RecurringSchedule.of(type, args, cron)
                        .withZone(zone)
                        .withMissed(missed(json))
                        .withOverlap(overlap(json)));
        return Response.status(existed ? Response.Status.OK : Response.Status.CREATED)
                .entity(json(job).toString())
                .build();
    }

    private static MissedFires missed(JsonObject json) {
        String missed = JsonBodies.string(json, "missed", false);
        if (missed == null) {
            return MissedFires.CATCH_UP;
        }
        return switch (missed) {
            case "catch-up" -> MissedFires.CATCH_UP;
            case "skip" -> MissedFires.SKIP;
            default ->
                throw new IllegalArgumentException(
                        "field 'missed' must be \"catch-up\" or \"skip\", not \"" + missed + "\"");
        };
    }

    private static boolean overlap(JsonObject json) {
        JsonValue overlap = json.get("overlap");
        if (overlap == null || overlap == JsonValue.NULL) {
            return true;
        }
        if (overlap != JsonValue.TRUE && overlap != JsonValue.FALSE) {
            throw new IllegalArgumentException("field 'overlap' must be true or false, not " + overlap);
        }
        return overlap == JsonValue.TRUE;
    }

    /** 204; 404 when there is none; 409 for one from the configuration. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        return roger.deleteRecurring(application, name) ? Response.noContent().build() : unknown(name);
    }

    @POST
    @Path("{name}/pause")
    public Response pause(@PathParam("name") String name) {
        return roger.pauseRecurring(application, name) ? get(name) : unknown(name);
    }

    @POST
    @Path("{name}/resume")
    public Response resume(@PathParam("name") String name) {
        return roger.resumeRecurring(application, name) ? get(name) : unknown(name);
    }

    /** Enqueues its job now: 202 with {@code {"id": ...}}. */
    @POST
    @Path("{name}/run")
    public Response runNow(@PathParam("name") String name) {
        return roger.runRecurringNow(application, name)
                .map(id -> Response.accepted(JsonBodies.JSON
                                .createObjectBuilder()
                                .add("id", id)
                                .build()
                                .toString())
                        .build())
                .orElseGet(() -> unknown(name));
    }

    /** Its recent fires, latest first: {@code {"items": [...], "offset": 0, "total": 12}}. */
    @GET
    @Path("{name}/fires")
    public Response fires(
            @PathParam("name") String name,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        ScheduledResource.checkPage(offset, limit);
        if (roger.recurringJob(application, name).isEmpty()) {
            return unknown(name);
        }
        var page = roger.recurringFires(application, name, offset, limit);
        JsonArrayBuilder items = JsonBodies.JSON.createArrayBuilder();
        for (RecurringFire fire : page.items()) {
            JsonObjectBuilder item = JsonBodies.JSON.createObjectBuilder();
            instant(item, "fireAt", fire.fireAt());
            instant(item, "firedAt", fire.firedAt());
            text(item, "jobId", fire.jobId());
            text(item, "outcome", fire.outcome());
            text(item, "instance", fire.instance());
            items.add(item);
        }
        return Response.ok(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("items", items)
                        .add("offset", page.offset())
                        .add("total", page.total())
                        .build()
                        .toString())
                .build();
    }

    private Response unknown(String name) {
        return Problem.of(Response.Status.NOT_FOUND, "no recurring job '" + name + "' in application " + application);
    }

    static JsonObject json(RecurringJob job) {
        JsonObjectBuilder json = JsonBodies.JSON
                .createObjectBuilder()
                .add("name", job.name())
                .add("type", job.jobType())
                .add("args", JsonBodies.value(job.args(), "JSON"))
                .add("cron", job.cron())
                .add("zone", job.zone())
                .add("missed", job.missed() == MissedFires.SKIP ? "skip" : "catch-up")
                .add("overlap", job.overlap())
                .add("fromConfiguration", job.fromConfiguration())
                .add("paused", job.paused());
        instant(json, "nextFire", job.nextFire());
        instant(json, "lastFire", job.lastFire());
        text(json, "lastJobId", job.lastJobId());
        text(json, "lastOutcome", job.lastOutcome());
        return json.build();
    }

    private static void instant(JsonObjectBuilder json, String field, Instant value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value.toString());
        }
    }

    private static void text(JsonObjectBuilder json, String field, String value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value);
        }
    }
}
