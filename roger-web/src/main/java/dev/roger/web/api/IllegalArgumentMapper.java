package dev.roger.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A value the engine refuses (a bad name, a negative concurrency) is the caller's mistake: 400. */
@Provider
public class IllegalArgumentMapper implements ExceptionMapper<IllegalArgumentException> {

    @Override
    public Response toResponse(IllegalArgumentException e) {
        return Problem.of(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
