package dev.roger.web.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container answers 401 and 403 itself (before JAX-RS runs); web.xml sends those here so the API's
 * callers get a problem document like every other error.
 */
@WebServlet("/problem")
public class ProblemErrorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer number ? number : response.getStatus();
        String detail = switch (status) {
            case 401 -> "authentication required: HTTP Basic with a configured Roger user";
            case 403 -> RoleCheck.FORBIDDEN_DETAIL;
            case 429 ->
                "too many failed logins from this address or for this user: retry after the Retry-After seconds";
            default -> "request failed";
        };
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter()
                .write(JsonBodies.JSON
                        .createObjectBuilder()
                        .add("type", "about:blank")
                        .add(
                                "title",
                                switch (status) {
                                    case 401 -> "Unauthorized";
                                    case 403 -> "Forbidden";
                                    case 429 -> "Too Many Requests";
                                    default -> "Error";
                                })
                        .add("status", status)
                        .add("detail", detail)
                        .build()
                        .toString());
    }
}
