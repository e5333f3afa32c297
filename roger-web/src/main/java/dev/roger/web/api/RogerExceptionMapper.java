package dev.roger.web.api;

import dev.roger.api.DuplicateJobException;
import dev.roger.api.EnqueueFailedException;
import dev.roger.state.StateUnavailableException;
import dev.roger.api.InvalidJobException;
import dev.roger.api.BrokerException;
import dev.roger.api.RogerException;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.UnknownJobTypeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns Roger's exceptions into problem responses with the status users expect. */
@Provider
public class RogerExceptionMapper implements ExceptionMapper<RogerException> {

    @Override
    public Response toResponse(RogerException e) {
        if (e instanceof UnknownApplicationException) {
            return Problem.of(Response.Status.NOT_FOUND, e.getMessage());
        }
        if (e instanceof UnknownJobTypeException) {
            return Problem.of(Response.Status.BAD_REQUEST, e.getMessage(), "type");
        }
        if (e instanceof InvalidJobException) {
            return Problem.of(Response.Status.BAD_REQUEST, e.getMessage());
        }
        if (e instanceof DuplicateJobException) {
            return Problem.of(Response.Status.CONFLICT, e.getMessage(), "queueKey");
        }
        if (e instanceof StateUnavailableException) {
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (e instanceof EnqueueFailedException || e instanceof BrokerException) {
            return Problem.of(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        return Problem.of(Response.Status.CONFLICT, e.getMessage());
    }
}
