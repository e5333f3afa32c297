package com.example.billing;

import dev.roger.api.DuplicateJobException;
import dev.roger.api.RogerService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/** Enqueues billing work as Roger jobs and tells what finished. */
@Path("")
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BillingResource {

    @Inject
    RogerService roger;
    @Inject
    Ledger ledger;
    /** The Roger application (tenant) the jobs belong to; started at boot by roger.applications. */
    @Inject
    @ConfigProperty(name = "billing.application", defaultValue = "billing")
    String application;

    @POST
    @Path("invoices")
    public Response invoice(InvoiceJob.Args args) {
        try {
            return accepted(roger.enqueue(application, "invoice", args));
        } catch (DuplicateJobException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @POST
    @Path("charges")
    public Response charge(ChargeJob.Args args) {
        return accepted(roger.enqueue(application, "charge", args));
    }

    /** 200 with the result once the job finished (its AfterRun event was observed), else 404. */
    @GET
    @Path("jobs/{id}")
    public Response job(@PathParam("id") String id) {
        return ledger.finished(id).map(entry -> Response.ok(entry).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    private static Response accepted(String id) {
        return Response.accepted(Map.of("id", id)).build();
    }
}
