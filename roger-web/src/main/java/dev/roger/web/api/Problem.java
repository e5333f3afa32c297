package dev.roger.web.api;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem response that names what is wrong. */
final class Problem {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problem() {}

    static Response of(Response.Status status, String detail) {
        return of(status, detail, null);
    }

    static Response of(Response.Status status, String detail, String field) {
        return Response.status(status)
                .type(MEDIA_TYPE)
                .entity(body(status, detail, field).toString())
                .build();
    }

    static JsonObject body(Response.Status status, String detail, String field) {
        JsonObjectBuilder body = JsonBodies.JSON
                .createObjectBuilder()
                .add("type", "about:blank")
                .add("title", status.getReasonPhrase())
                .add("status", status.getStatusCode())
                .add("detail", detail);
        if (field != null) {
            body.add("field", field);
        }
        return body.build();
    }
}
