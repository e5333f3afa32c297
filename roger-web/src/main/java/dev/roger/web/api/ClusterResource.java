package dev.roger.web.api;

import dev.roger.api.InstanceInfo;
import dev.roger.api.InstanceStatus;
import dev.roger.api.RogerService;
import dev.roger.api.RunningJobInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The cluster: its instances and the jobs running on them. */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    @Inject
    RogerService roger;

    /** Jobs running on this instance, or with {@code ?scope=cluster} on every live instance. */
    @GET
    @Path("jobs/running")
    public Object running(@QueryParam("scope") @DefaultValue("instance") String scope) {
        if (Scope.of(scope) == Scope.INSTANCE) {
            return Map.of("jobs", roger.runningJobs(), "unanswered", List.of());
        }
        var info = roger.clusterInfo();
        List<RunningJobInfo> jobs =
                info.instances().stream().flatMap(i -> i.runningJobs().stream()).toList();
        return Map.of("jobs", jobs, "unanswered", info.unanswered());
    }

    @GET
    @Path("instances")
    public Map<String, Object> instances() {
        List<InstanceStatus> instances = roger.instances();
        return Map.of("self", roger.instanceName(), "instances", instances);
    }

    @GET
    @Path("cluster")
    public Map<String, Object> cluster() {
        var info = roger.clusterInfo();
        List<InstanceInfo> instances = info.instances();
        return Map.of("instances", instances, "unanswered", info.unanswered());
    }
}
