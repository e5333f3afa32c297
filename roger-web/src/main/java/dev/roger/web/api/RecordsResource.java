package dev.roger.web.api;

import dev.roger.api.RecordsStatus;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** How this instance's job records fare: {@code {"written": N, "waiting": N, "dropped": N}}. */
@Path("records")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RecordsResource {

    @Inject
    RogerService roger;

    @GET
    public String status() {
        RecordsStatus status = roger.recordsStatus();
        return JsonBodies.JSON
                .createObjectBuilder()
                .add("written", status.written())
                .add("waiting", status.waiting())
                .add("dropped", status.dropped())
                .build()
                .toString();
    }
}
