package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.error;

import dev.roger.api.JobHistory;
import dev.roger.api.RogerException;
import dev.roger.api.RogerService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The admin page's chart: one application's job history over the last hour, day or week, read from
 * the shared database (so it is there after a reload or a restart), refreshed by the page every
 * {@code HISTORY_REFRESH_MS} of {@code admin.js}. The points go to the page as JSON in a data attribute,
 * which the page's Chart.js draws; the totals show as text.
 */
@Named("history")
@ViewScoped
public class HistoryView implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The spans offered, by the label shown. */
    static final Map<String, Duration> SPANS =
            Map.of("PT1H", Duration.ofHours(1), "P1D", Duration.ofDays(1), "P7D", Duration.ofDays(7));

    @Inject
    RogerService roger;

    private String application;
    private String span = "PT1H";
    private transient JobHistory read;

    public List<String> getSpans() {
        return List.of("PT1H", "P1D", "P7D");
    }

    public String spanLabel(String value) {
        return switch (value) {
            case "P1D" -> "last day";
            case "P7D" -> "last week";
            default -> "last hour";
        };
    }

    /** The history shown, read once per rendering; the first application the page lists when none is picked. */
    private JobHistory history(List<String> applications) {
        if (read == null) {
            if (application == null || !applications.contains(application)) {
                application = applications.isEmpty() ? null : applications.get(0);
            }
            if (application == null) {
                return null;
            }
            try {
                read = roger.history(application, SPANS.getOrDefault(span, Duration.ofHours(1)));
            } catch (RogerException | IllegalArgumentException e) {
                error(null, "Cannot read the job history: " + e.getMessage());
            }
        }
        return read;
    }

    /** Read again at the next rendering (after a pick, or on the page's refresh). */
    public void reread() {
        read = null;
    }

    /** {@code {"step": "PT1M", "points": [[epochMillis, processed, failed, retried, buried], ...]}}. */
    public String pointsJson(List<String> applications) {
        JobHistory history = history(applications);
        JsonArrayBuilder points = Json.createArrayBuilder();
        if (history != null) {
            for (JobHistory.Point p : history.points()) {
                points.add(Json.createArrayBuilder()
                        .add(p.at().toEpochMilli())
                        .add(p.processed())
                        .add(p.failed())
                        .add(p.retried())
                        .add(p.buried()));
            }
        }
        return Json.createObjectBuilder()
                .add("step", history == null ? "PT1M" : history.step().toString())
                .add("points", points)
                .build()
                .toString();
    }

    /** The span's totals. */
    public JobHistory.Point total(List<String> applications) {
        JobHistory history = history(applications);
        return history == null ? new JobHistory.Point(java.time.Instant.EPOCH, 0, 0, 0, 0) : history.total();
    }

    /** "minute" or "hour": what a point of the history shown covers. */
    public String getStep() {
        return read == null ? "" : read.step().toHours() == 1 ? "hour" : "minute";
    }

    public String getApplication() {
        return application;
    }

    public void setApplication(String value) {
        application = value;
        read = null;
    }

    public String getSpan() {
        return span;
    }

    public void setSpan(String value) {
        span = SPANS.containsKey(value) ? value : "PT1H";
        read = null;
    }
}
