package dev.roger.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What no other mapper answers (a bug, a library's unchecked exception): a 500 problem document that
 * names an incident, never the exception's own words (they may hold SQL, a host name or a secret), and
 * the cause in the server's log under the same incident. The more specific mappers win, as JAX-RS
 * picks the closest type.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable e) {
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "incident " + incident + ": a request failed unexpectedly", e);
        return Problem.of(
                Response.Status.INTERNAL_SERVER_ERROR,
                "an unexpected error; the server's log has its cause under incident " + incident);
    }
}
