package dev.roger.web.api;

import dev.roger.api.ApplicationInfo;
import dev.roger.api.JobRequest;
import dev.roger.api.RateLimit;
import dev.roger.api.RogerService;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.WorkerBudgetStatus;
import dev.roger.spi.WebSettings;
import dev.roger.web.security.ConfiguredIdentityStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
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
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Applications: list, start or reconfigure, stop; enqueue and cancel their jobs. One instance serves
 * every request (it keeps no request state), which spares the enqueue path a bean per request.
 */
@Path("applications")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApplicationsResource {

    @Inject
    RogerService roger;

    @Inject
    WebSettings settings;

    /** This instance's applications, or with {@code ?scope=cluster} every live instance's. */
    @GET
    public Object applications(@QueryParam("scope") @DefaultValue("instance") String scope) {
        if (Scope.of(scope) == Scope.CLUSTER) {
            return roger.clusterInfo().instances().stream()
                    .map(i -> Map.of("instance", i.name(), "applications", i.applications()))
                    .toList();
        }
        return roger.applications();
    }

    /** The optional {@code "weight"}: the application's share of this instance's worker budget. */
    private static Integer weight(JsonObject json) {
        JsonValue value = json.get("weight");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        // checked before anything changes, so a bad weight refuses the whole request
        if (!(value instanceof JsonNumber number)
                || !number.isIntegral()
                || number.bigIntegerValue().bitLength() > 31
                || number.intValue() < 1
                || number.intValue() > WorkerBudgetStatus.MOST_WEIGHT) {
            throw new IllegalArgumentException("field 'weight' must be a whole number from 1 to "
                    + WorkerBudgetStatus.MOST_WEIGHT + ", not " + value);
        }
        return number.intValue();
    }

    /**
     * Starts the application, or reconfigures it when it runs: body {@code {"queues": {"default": 10,
     * "mail": {"concurrency": 5, "rateLimit": "10/s"}}, "weight": 2, "rateLimit": "100/s"}} (weight and
     * rate limits optional). A queue's or the application's {@code "rateLimit"} is cluster-wide; {@code
     * null} lifts it, and one not given stays as it is.
     */
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
        Map<String, Optional<RateLimit>> queueLimits = new LinkedHashMap<>();
        queuesObject.forEach((queue, value) -> {
            JsonValue concurrency = value;
            if (value instanceof JsonObject settings) {
                concurrency = settings.get("concurrency");
                if (settings.containsKey("rateLimit")) {
                    queueLimits.put(queue, rateLimit(settings.get("rateLimit"), "rateLimit of queue '" + queue + "'"));
                }
            }
            // the range is the registry's to check, like for every other way of starting an application
            if (!(concurrency instanceof JsonNumber number)
                    || !number.isIntegral()
                    || number.bigIntegerValue().bitLength() > 31) {
                throw new IllegalArgumentException("concurrency of queue '" + queue
                        + "' must be a whole number (or the queue an object {\"concurrency\":20,\"rateLimit\":\"5/s\"}), not "
                        + concurrency);
            }
            queues.put(queue, number.intValue());
        });
        Integer weight = weight(json);
        Optional<RateLimit> applicationLimit =
                json.containsKey("rateLimit") ? rateLimit(json.get("rateLimit"), "rateLimit") : null;
        boolean running = roger.applications().stream().anyMatch(a -> a.name().equals(application));
        if (running) {
            roger.reconfigureApplication(application, queues);
        } else {
            roger.startApplication(application, queues);
        }
        if (weight != null) {
            roger.weighApplication(application, weight);
        }
        queueLimits.forEach((queue, limit) -> roger.limitRate(application, queue, limit.orElse(null)));
        if (applicationLimit != null) {
            roger.limitRate(application, null, applicationLimit.orElse(null));
        }
        if (running) {
            return Response.ok(find(application)).build();
        }
        return Response.status(Response.Status.CREATED)
                .entity(find(application))
                .build();
    }

    /** A {@code "rateLimit"}: text such as {@code "5/s"}, or null to lift the limit; checked before anything changes. */
    private static Optional<RateLimit> rateLimit(JsonValue value, String field) {
        if (value == null || value == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw new IllegalArgumentException("field '" + field
                    + "' must be text such as \"5/s\", \"600/min\" or \"10000/h\", or null, not " + value);
        }
        try {
            return Optional.of(RateLimit.parse(text.getString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage(), e);
        }
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

    /**
     * Body: one job {@code {"type": "sleep", "args": {...}, "queue": "other"}} (queue is optional),
     * answered 201 with its id; or an array of such jobs, answered 200 with one {@code {"id": ...}} or
     * one problem per job, in order. The 201 carries the job's record as {@code Location}.
     */
    @POST
    @Path("{application}/jobs")
    @RolesAllowed({ConfiguredIdentityStore.ADMIN_ROLE, ConfiguredIdentityStore.PRODUCER_ROLE})
    @Consumes(MediaType.APPLICATION_JSON)
    public Response enqueue(
            @PathParam("application") String application,
            @Context UriInfo uri,
            @Context SecurityContext caller,
            String body) {
        if (!caller.isUserInRole(ConfiguredIdentityStore.ADMIN_ROLE) && !settings.producerMayEnqueue(application)) {
            return Problem.of(
                    Response.Status.FORBIDDEN,
                    "the producer may enqueue only into "
                            + String.join(", ", new java.util.TreeSet<>(settings.producerApplications()))
                            + " (roger.producer.applications), not into '" + application + "'");
        }
        JsonValue json = JsonBodies.value(body, "a JSON object (one job) or array (many jobs)");
        if (json instanceof JsonArray jobs) {
            return enqueueAll(application, jobs);
        }
        if (!(json instanceof JsonObject job)) {
            throw new IllegalArgumentException(
                    "the request body must be a JSON object (one job) or array (many jobs), not "
                            + json.getValueType());
        }
        JobRequest request = BulkJobs.request(job);
        String id = roger.enqueue(application, request.jobType(), request.args(), request.options());
        return Response.created(uri.getAbsolutePathBuilder().path(id).build())
                .entity(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("id", id)
                        .build()
                        .toString())
                .build();
    }

    private Response enqueueAll(String application, JsonArray jobs) {
        if (jobs.size() > BulkJobs.MAX_JOBS) {
            throw new IllegalArgumentException(
                    "at most " + BulkJobs.MAX_JOBS + " jobs per request, not " + jobs.size());
        }
        return Response.ok(BulkJobs.enqueue(roger, application, jobs).toString())
                .build();
    }

    /** The job's record: 200, or 404 for an unknown job or when records are off for the application. */
    @GET
    @Path("{application}/jobs/{id}")
    public Response job(@PathParam("application") String application, @PathParam("id") String id) {
        return roger.job(application, id)
                .map(record -> Response.ok(JobRecordJson.of(record).toString()).build())
                .orElseGet(() -> Problem.of(
                        Response.Status.NOT_FOUND, "no job " + id + " is known in application " + application));
    }

    /**
     * The application's job records, latest change first, filtered by {@code state} (a lowercase state
     * name), {@code queue} and {@code type}: {@code {"items": [...], "offset": 0, "total": N}}.
     */
    @GET
    @Path("{application}/jobs")
    public Response jobs(
            @PathParam("application") String application,
            @QueryParam("state") String state,
            @QueryParam("queue") String queue,
            @QueryParam("type") String type,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        ScheduledResource.checkPage(offset, limit);
        JobRecordJson.checkState(state);
        var page = roger.jobs(application, new dev.roger.api.JobQuery(state, queue, type), offset, limit);
        var items = JsonBodies.JSON.createArrayBuilder();
        page.items().forEach(record -> items.add(JobRecordJson.of(record)));
        return Response.ok(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("items", items)
                        .add("offset", page.offset())
                        .add("total", page.total())
                        .build()
                        .toString())
                .build();
    }

    /** Runs a job that failed for good again: 202, or 404 when no such job failed. */
    @POST
    @Path("{application}/jobs/{id}/retry")
    public Response retryFailed(@PathParam("application") String application, @PathParam("id") String id) {
        if (!roger.retryFailed(application, id)) {
            return Problem.of(Response.Status.NOT_FOUND, "no job " + id + " failed in application " + application);
        }
        return Response.accepted().build();
    }

    /** Cancels the job wherever it is: queued, waiting to retry, or running on any instance. */
    @DELETE
    @Path("{application}/jobs/{id}")
    public Response cancel(@PathParam("application") String application, @PathParam("id") String id) {
        roger.cancel(application, id);
        return Response.accepted(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("id", id)
                        .add("cancelled", true)
                        .build()
                        .toString())
                .build();
    }

    private ApplicationInfo find(String application) {
        return roger.applications().stream()
                .filter(a -> a.name().equals(application))
                .findFirst()
                .orElseThrow(() -> new UnknownApplicationException(
                        "application '" + application + "' is not started on this instance"));
    }
}
