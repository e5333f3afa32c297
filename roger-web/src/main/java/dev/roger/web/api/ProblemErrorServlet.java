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
            case 403 -> "your role may not do this: acting needs roger-admin (roger-viewer may only read)";
            default -> "request failed";
        };
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write(JsonBodies.JSON.createObjectBuilder().add("type", "about:blank")
                .add("title", status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" : "Error")
                .add("status", status).add("detail", detail).build().toString());
    }
}
