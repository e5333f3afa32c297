package dev.roger.web.api;

import dev.roger.api.JobHistory;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * An application's job history: {@code GET /applications/{app}/history?span=PT1H} (also {@code P1D},
 * {@code P7D}; optionally {@code &queue=}), a point per minute up to a day and per hour beyond, each
 * {@code {"at", "processed", "failed", "retried", "buried"}}; a bad span is a 400 that names it.
 */
@Path("applications/{application}/history")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    RogerService roger;

    @GET
    public String history(
            @PathParam("application") String application,
            @QueryParam("span") @DefaultValue("PT1H") String span,
            @QueryParam("queue") String queue) {
        Duration duration = span(span);
        JobHistory history =
                queue == null ? roger.history(application, duration) : roger.history(application, queue, duration);
        JsonArrayBuilder points = JsonBodies.JSON.createArrayBuilder();
        for (JobHistory.Point point : history.points()) {
            points.add(JsonBodies.JSON
                    .createObjectBuilder()
                    .add("at", point.at().toString())
                    .add("processed", point.processed())
                    .add("failed", point.failed())
                    .add("retried", point.retried())
                    .add("buried", point.buried()));
        }
        JobHistory.Point total = history.total();
        return JsonBodies.JSON
                .createObjectBuilder()
                .add("application", application)
                .add("span", history.span().toString())
                .add("step", history.step().toString())
                .add(
                        "total",
                        JsonBodies.JSON
                                .createObjectBuilder()
                                .add("processed", total.processed())
                                .add("failed", total.failed())
                                .add("retried", total.retried())
                                .add("buried", total.buried()))
                .add("points", points)
                .build()
                .toString();
    }

    private static Duration span(String text) {
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "span '" + text + "' is not an ISO-8601 duration such as PT1H, P1D or P7D");
        }
    }
}
