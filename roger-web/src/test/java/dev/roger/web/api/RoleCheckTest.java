package dev.roger.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roger.web.security.ConfiguredIdentityStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RoleCheckTest {

    private static final List<Class<?>> RESOURCES =
            List.of(ApplicationsResource.class, QueuesResource.class, ParkedResource.class, ClusterResource.class);

    @Test
    void theProducerMayEnqueueAndNothingElse() throws NoSuchMethodException {
        Method enqueue = ApplicationsResource.class.getMethod(
                "enqueue",
                String.class,
                jakarta.ws.rs.core.UriInfo.class,
                jakarta.ws.rs.core.SecurityContext.class,
                String.class);
        assertEquals(
                List.of(ConfiguredIdentityStore.ADMIN_ROLE, ConfiguredIdentityStore.PRODUCER_ROLE),
                RoleCheck.rolesOf(enqueue));
        List<Method> others = RESOURCES.stream()
                .flatMap(c -> Stream.of(c.getMethods()))
                .filter(m -> m.isAnnotationPresent(Path.class)
                        || m.isAnnotationPresent(GET.class)
                        || Stream.of(m.getAnnotations())
                                .anyMatch(a -> a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class)))
                .filter(m -> !m.equals(enqueue))
                .toList();
        assertTrue(others.size() > 10, others.toString());
        for (Method method : others) {
            assertEquals(
                    method.isAnnotationPresent(GET.class)
                            ? List.of(ConfiguredIdentityStore.VIEWER_ROLE, ConfiguredIdentityStore.ADMIN_ROLE)
                            : List.of(ConfiguredIdentityStore.ADMIN_ROLE),
                    RoleCheck.rolesOf(method),
                    method.toString());
        }
    }
}
