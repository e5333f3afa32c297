package dev.roger.web.admin;

import static dev.roger.web.admin.PageActions.act;
import static dev.roger.web.admin.PageActions.blank;
import static dev.roger.web.admin.PageActions.error;
import static dev.roger.web.admin.PageActions.info;

import dev.roger.api.EnqueueOptions;
import dev.roger.api.RogerService;
import dev.roger.web.api.JobTimes;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.Serializable;
import java.io.StringReader;
import java.time.Instant;

/**
 * The admin page's enqueue form: a job of a type, with its args as JSON, in an application's queue,
 * now or at a time (an instant or a delay, read as the API reads them); acting needs roger-admin,
 * checked on the server.
 */
@Named("enqueueForm")
@ViewScoped
public class EnqueueForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RogerService roger;

    private String application;
    private String queue;
    private String type;
    private String args = "{}";
    private String at;
    private String delay;

    public void enqueue() {
        if (blank(application) || blank(type)) {
            error("enqueueForm:type", "Choose an application and a job type.");
            return;
        }
        JsonValue parsed;
        try (JsonReader reader = Json.createReader(new StringReader(blank(args) ? "{}" : args))) {
            parsed = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            error("enqueueForm:args", "Args: not valid JSON: " + e.getMessage());
            return;
        }
        EnqueueOptions options = options();
        if (options == null) {
            return;
        }
        JsonValue parsedArgs = parsed;
        act(
                () -> info("Enqueued job " + roger.enqueue(application, type, parsedArgs, options)
                        + (options.isScheduled() ? ", due at " + dueAt(options) : "") + "."),
                null);
    }

    /** The queue and the optional time (an instant or a delay, read as the API reads them); null after an error. */
    private EnqueueOptions options() {
        EnqueueOptions options = new EnqueueOptions(blank(queue) ? null : queue.trim());
        String atGiven = blank(at) ? null : at;
        String delayGiven = blank(delay) ? null : delay;
        if (atGiven != null && delayGiven != null) {
            error("enqueueForm:delay", "At and delay: give one of them, not both.");
            return null;
        }
        try {
            return JobTimes.apply(options, atGiven, delayGiven);
        } catch (IllegalArgumentException e) {
            error(
                    atGiven != null ? "enqueueForm:at" : "enqueueForm:delay",
                    (atGiven != null ? "At: " : "Delay: ") + e.getMessage());
            return null;
        }
    }

    private static Instant dueAt(EnqueueOptions options) {
        return options.at() != null ? options.at() : Instant.now().plus(options.delay());
    }

    // for the page --------------------------------------------------------------------------------

    public String getApplication() {
        return application;
    }

    public void setApplication(String value) {
        application = value;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String value) {
        queue = value;
    }

    public String getType() {
        return type;
    }

    public void setType(String value) {
        type = value;
    }

    public String getArgs() {
        return args;
    }

    public void setArgs(String value) {
        args = value;
    }

    public String getAt() {
        return at;
    }

    public void setAt(String value) {
        at = value;
    }

    public String getDelay() {
        return delay;
    }

    public void setDelay(String value) {
        delay = value;
    }
}
