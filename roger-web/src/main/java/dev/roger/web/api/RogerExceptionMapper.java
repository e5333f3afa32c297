package dev.roger.web.api;

import dev.roger.api.BrokerException;
import dev.roger.api.DuplicateJobException;
import dev.roger.api.EnqueueFailedException;
import dev.roger.api.InvalidJobException;
import dev.roger.api.JobTooLargeException;
import dev.roger.api.QuotaExceededException;
import dev.roger.api.RogerException;
import dev.roger.api.StateRejectedException;
import dev.roger.api.StateUnavailableException;
import dev.roger.api.UnknownApplicationException;
import dev.roger.api.UnknownJobException;
import dev.roger.api.UnknownJobTypeException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns Roger's exceptions into problem responses with the status users expect. */
@Provider
public class RogerExceptionMapper implements ExceptionMapper<RogerException> {

    private static final Logger LOG = Logger.getLogger(RogerExceptionMapper.class.getName());

    @Override
    public Response toResponse(RogerException e) {
        Response.Status status = statusOf(e);
        if (e.getCause() != null && status == Response.Status.SERVICE_UNAVAILABLE) {
            // the answer carries Roger's words only; the cause (SQL, driver or broker text) is for the log
            LOG.log(Level.WARNING, e.getMessage(), e);
        }
        return Problem.of(status, e.getMessage(), fieldOf(e));
    }

    /** The problem an exception stands for, also as one item of a bulk enqueue's answer. */
    static JsonObject problem(RogerException e) {
        return Problem.body(statusOf(e), e.getMessage(), fieldOf(e));
    }

    private static Response.Status statusOf(RogerException e) {
        if (e instanceof UnknownApplicationException || e instanceof UnknownJobException) {
            return Response.Status.NOT_FOUND;
        }
        if (e instanceof JobTooLargeException) {
            return Response.Status.REQUEST_ENTITY_TOO_LARGE;
        }
        if (e instanceof QuotaExceededException) {
            return Response.Status.TOO_MANY_REQUESTS;
        }
        if (e instanceof UnknownJobTypeException
                || e instanceof InvalidJobException
                || e instanceof StateRejectedException) {
            return Response.Status.BAD_REQUEST;
        }
        if (e instanceof StateUnavailableException
                || e instanceof EnqueueFailedException
                || e instanceof BrokerException) {
            return Response.Status.SERVICE_UNAVAILABLE;
        }
        return Response.Status.CONFLICT;
    }

    private static String fieldOf(RogerException e) {
        if (e instanceof UnknownJobTypeException) {
            return "type";
        }
        if (e instanceof JobTooLargeException) {
            return "args";
        }
        return e instanceof DuplicateJobException ? "queueKey" : null;
    }
}
