package dev.roger.web.security;

import dev.roger.spi.WebSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * One Jakarta Security mechanism for both doors. The API takes HTTP Basic on every request and never
 * a session cookie, so a page in another tab cannot act on it (no cross-site request forgery through
 * the API). The admin page logs in through its form and keeps the caller in the HTTP session; its
 * forms are Faces postbacks whose server-side view state a forged request cannot know. Both go through
 * {@link Logins}: throttled, with recently verified credentials cached.
 */
@ApplicationScoped
public class RogerAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String SESSION_CALLER = "roger.caller";
    static final String SESSION_GROUPS = "roger.groups";
    static final String LOGIN_PAGE = "/login.xhtml";
    static final String LOGIN_ACTION = "/login";
    static final String LOGOUT_ACTION = "/logout";
    /** The JAX-RS servlet's path (RogerApi's @ApplicationPath). */
    static final String API_SERVLET_PATH = "/api";

    static final int TOO_MANY_REQUESTS = 429;

    @Inject
    ConfiguredIdentityStore users;

    @Inject
    WebSettings config;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        // the container's mapping, not the raw URI: /api;x=1/... is the API too and never takes a session
        if (API_SERVLET_PATH.equals(request.getServletPath())) {
            return basic(request, response, context);
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (LOGIN_ACTION.equals(path) && "POST".equals(request.getMethod())) {
            return formLogin(request, response, context);
        }
        if (LOGOUT_ACTION.equals(path)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            return context.redirect(request.getContextPath() + LOGIN_PAGE);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_CALLER) != null) {
            @SuppressWarnings("unchecked")
            Set<String> groups = (Set<String>) session.getAttribute(SESSION_GROUPS);
            return context.notifyContainerAboutLogin((String) session.getAttribute(SESSION_CALLER), groups);
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return context.redirect(request.getContextPath() + LOGIN_PAGE);
    }

    private AuthenticationStatus basic(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return unauthorized(context);
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                Logins.Outcome outcome = users.logins()
                        .attempt(
                                decoded.substring(0, colon),
                                decoded.substring(colon + 1),
                                ClientAddress.of(request, config.security().clientAddressHeader()));
                if (outcome instanceof Logins.Accepted accepted) {
                    return context.notifyContainerAboutLogin(
                            accepted.caller().name(), accepted.caller().groups());
                }
                if (outcome instanceof Logins.Throttled throttled) {
                    return tooManyRequests(response, throttled.retryAfter());
                }
            }
            return unauthorized(context);
        }
        return context.isProtected() ? unauthorized(context) : context.doNothing();
    }

    private static AuthenticationStatus unauthorized(HttpMessageContext context) {
        context.getResponse().setHeader("WWW-Authenticate", "Basic realm=\"roger\"");
        return context.responseUnauthorized();
    }

    private static AuthenticationStatus tooManyRequests(HttpServletResponse response, Duration retryAfter) {
        response.setHeader("Retry-After", String.valueOf(seconds(retryAfter)));
        try {
            response.sendError(TOO_MANY_REQUESTS);
        } catch (IOException e) {
            // the client is gone
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /** Whole seconds, rounded up: Retry-After takes no fractions. */
    static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    private AuthenticationStatus formLogin(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        Logins.Outcome outcome = username == null || password == null
                ? new Logins.Refused()
                : users.logins()
                        .attempt(
                                username,
                                password,
                                ClientAddress.of(request, config.security().clientAddressHeader()));
        try {
            if (outcome instanceof Logins.Throttled throttled) {
                response.sendRedirect(
                        request.getContextPath() + LOGIN_PAGE + "?wait=" + seconds(throttled.retryAfter()));
                return AuthenticationStatus.SEND_CONTINUE;
            }
            if (!(outcome instanceof Logins.Accepted accepted)) {
                response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?failed=true");
                return AuthenticationStatus.SEND_CONTINUE;
            }
            HttpSession old = request.getSession(false);
            if (old != null) {
                old.invalidate(); // a fresh session id after login: no session fixation
            }
            HttpSession session = request.getSession(true);
            session.setAttribute(SESSION_CALLER, accepted.caller().name());
            session.setAttribute(SESSION_GROUPS, accepted.caller().groups());
            response.sendRedirect(request.getContextPath() + "/");
            return AuthenticationStatus.SEND_CONTINUE;
        } catch (IOException e) {
            return context.responseUnauthorized();
        }
    }
}
