package dev.roger.web.api;

import dev.roger.web.security.ConfiguredIdentityStore;
import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The roles each resource method needs, checked in JAX-RS behind web.xml's coarser constraints (which
 * cannot tell one POST path from another). A method's {@link RolesAllowed} decides; without one, reading
 * (GET) needs roger-viewer or roger-admin and anything else roger-admin, so a new endpoint is closed to the
 * producer until it says otherwise. Portable: Jersey's RolesAllowedDynamicFeature is not registered by
 * default and not part of Jakarta REST.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    static final String FORBIDDEN_DETAIL =
            "your role may not do this: acting needs roger-admin (roger-viewer may only read, roger-producer only enqueue)";

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        context.register(new Filter(rolesOf(resource.getResourceMethod())));
    }

    static List<String> rolesOf(Method method) {
        RolesAllowed allowed = method.getAnnotation(RolesAllowed.class);
        if (allowed != null) {
            return List.of(allowed.value());
        }
        return method.isAnnotationPresent(GET.class)
                ? List.of(ConfiguredIdentityStore.VIEWER_ROLE, ConfiguredIdentityStore.ADMIN_ROLE)
                : List.of(ConfiguredIdentityStore.ADMIN_ROLE);
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class Filter implements ContainerRequestFilter {

        private final List<String> roles;

        Filter(List<String> roles) {
            this.roles = roles;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (roles.stream().noneMatch(request.getSecurityContext()::isUserInRole)) {
                request.abortWith(Problem.of(Response.Status.FORBIDDEN, FORBIDDEN_DETAIL));
            }
        }
    }
}
